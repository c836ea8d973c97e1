package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.race.Corpus;

/**
 * Race corpus: a port of Go's {@code src/runtime/race/testdata/comp_test.go} (composite values:
 * structs inside structs, arrays of structs, conversions between struct types, structs of
 * pointers), in weft's own words.
 *
 * <p>A Go struct is an object whose fields are the struct's fields. A struct stored inside
 * another (by value) is an object held in a final field: it is part of its container and is
 * never replaced, so reaching it is no access, as computing a field's address in Go is none;
 * assigning the whole outer struct writes every innermost field in place. A conversion between
 * struct types with the same fields ({@code P(p2)}) copies the value, reading its fields. A
 * struct of pointers ({@code Ptr}) holds ordinary, reassignable reference fields.
 *
 * <p>Every test of comp_test.go is ported.
 */
public final class CompCases implements Corpus.Source {

    /** Go's {@code type P struct { x, y int }}. */
    static final class P {
        long x, y;

        static P of(P2 p) {
            P q = new P();
            q.x = p.x;
            q.y = p.y;
            return q;
        }
    }

    /** Go's {@code type P2 P}: the same fields, another type. */
    static final class P2 {
        long x, y;

        static P2 of(P p) {
            P2 q = new P2();
            q.x = p.x;
            q.y = p.y;
            return q;
        }
    }

    /** Go's {@code type S struct { s1, s2 P }}. */
    static final class S {
        final P s1 = new P();
        final P s2 = new P();

        /** {@code s = S{}}: writes every field. */
        void clear() {
            s1.x = 0;
            s1.y = 0;
            s2.x = 0;
            s2.y = 0;
        }

        static S of(S2 s) {
            S t = new S();
            t.s1.x = s.s1.x;
            t.s1.y = s.s1.y;
            t.s2.x = s.s2.x;
            t.s2.y = s.s2.y;
            return t;
        }
    }

    /** Go's {@code type S2 S}. */
    static final class S2 {
        final P s1 = new P();
        final P s2 = new P();
    }

    /** Go's {@code type X struct { V [4]P }}: an array of structs, inline. */
    static final class X {
        final P[] v = {new P(), new P(), new P(), new P()};

        static X of(X2 x) {
            X t = new X();
            for (int i = 0; i < t.v.length; i++) {
                t.v[i].x = x.v[i].x;
                t.v[i].y = x.v[i].y;
            }
            return t;
        }
    }

    /** Go's {@code type X2 X}. */
    static final class X2 {
        final P[] v = {new P(), new P(), new P(), new P()};
    }

    /** Go's {@code type Ptr struct { s1, s2 *P }}. */
    static final class Ptr {
        P s1, s2;

        Ptr(P s1, P s2) {
            this.s1 = s1;
            this.s2 = s2;
        }

        Ptr copy() {
            return new Ptr(s1, s2);
        }
    }

    /** Keeps a value alive so that reading it is not an unused expression. */
    static void use(Object value) {
        if (value == CompCases.class) {
            throw new AssertionError();
        }
    }

    /** The variable that CompArray's index lives in. */
    static final class Index {
        int x;
    }

    @Override
    public void cases(Corpus c) {
        // Different fields of the same inner struct.
        c.noRace("Comp", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S s = new S();
            Go.go(() -> {
                s.s2.x = 1;
                ch.send(true);
            });
            s.s2.y = 2;
            ch.recv();
        });

        c.noRace("Comp2", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S s = new S();
            Go.go(() -> {
                s.s1.x = 1;
                ch.send(true);
            });
            s.s1.y = 2;
            ch.recv();
        });

        // The same field of the same inner struct.
        c.race("Comp", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S s = new S();
            Go.go(() -> {
                s.s2.y = 1;
                ch.send(true);
            });
            s.s2.y = 2;
            ch.recv();
        });

        // Assigning the whole outer struct writes the inner field the goroutine writes.
        c.race("Comp2", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S s = new S();
            Go.go(() -> {
                s.s1.x = 1;
                ch.send(true);
            });
            s.clear();
            ch.recv();
        });

        c.race("Comp3", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S s = new S();
            Go.go(() -> {
                s.s2.y = 1;
                ch.send(true);
            });
            s.clear();
            ch.recv();
        });

        // The index of a slice-of-structs element is read by the goroutine while main
        // changes it.
        c.race("CompArray", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S[] s = new S[10];
            for (int i = 0; i < s.length; i++) {
                s[i] = new S();
            }
            Index x = new Index();
            x.x = 4;
            Go.go(() -> {
                s[x.x].s2.y = 1;
                ch.send(true);
            });
            x.x = 5;
            ch.recv();
        });

        // A conversion reads the value converted.
        c.race("Conv1", () -> {
            Chan<Boolean> ch = Chan.make(1);
            P2 p = new P2();
            Go.go(() -> {
                p.x = 1;
                ch.send(true);
            });
            use(P.of(p).x);
            ch.recv();
        });

        // ... also when the value is reached through a pointer.
        c.race("Conv2", () -> {
            Chan<Boolean> ch = Chan.make(1);
            P2 p = new P2();
            Go.go(() -> {
                p.x = 1;
                ch.send(true);
            });
            P2 ptr = p;
            use(P.of(ptr).x);
            ch.recv();
        });

        // Converting the outer struct, then a field of the result.
        c.race("Conv3", () -> {
            Chan<Boolean> ch = Chan.make(1);
            S2 s = new S2();
            Go.go(() -> {
                s.s1.x = 1;
                ch.send(true);
            });
            use(P2.of(S.of(s).s1).x);
            ch.recv();
        });

        // Converting a struct that holds an array of structs, then one element.
        c.race("Conv4", () -> {
            Chan<Boolean> ch = Chan.make(1);
            X2 x = new X2();
            Go.go(() -> {
                x.v[1].x = 1;
                ch.send(true);
            });
            use(P2.of(X.of(x).v[1]).x);
            ch.recv();
        });

        // Both load the pointer s1 (reads only) and write different fields of what it points to.
        c.noRace("CompPtr", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Ptr p = new Ptr(new P(), new P());
            Go.go(() -> {
                p.s1.x = 1;
                ch.send(true);
            });
            p.s1.y = 2;
            ch.recv();
        });

        // Copying the struct of pointers reads the pointers, not what they point to.
        c.noRace("CompPtr2", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Ptr p = new Ptr(new P(), new P());
            Go.go(() -> {
                p.s1.x = 1;
                ch.send(true);
            });
            use(p.copy());
            ch.recv();
        });

        // The same field through the same pointer.
        c.race("CompPtr", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Ptr p = new Ptr(new P(), new P());
            Go.go(() -> {
                p.s2.x = 1;
                ch.send(true);
            });
            p.s2.x = 2;
            ch.recv();
        });

        // The goroutine loads the pointer s2 that main reassigns.
        c.race("CompPtr2", () -> {
            Chan<Boolean> ch = Chan.make(1);
            Ptr p = new Ptr(new P(), new P());
            Go.go(() -> {
                p.s2.x = 1;
                ch.send(true);
            });
            p.s2 = new P();
            ch.recv();
        });
    }
}

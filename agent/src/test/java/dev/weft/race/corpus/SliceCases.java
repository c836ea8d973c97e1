package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.WaitGroup;
import dev.weft.race.Corpus;

/**
 * Go's {@code src/runtime/race/testdata/slice_test.go}, ported to weft in weft's own words: the
 * scenarios are Go's, the code is not.
 *
 * <p>How Go's slices map. A Go array or slice backing store is a Java array, and each element is
 * an access of its own. {@code len} and {@code cap} are the array's {@code length} (not an
 * access). Go's {@code copy} is {@code System.arraycopy} (a range read of the source, a range
 * write of the destination); {@code copy} from a string is {@code String.getBytes(int, int,
 * byte[], int)}; {@code string(b)} is {@code new String(byte[])} or {@code new String(char[])}.
 * A slice header is a value in Go (a pointer, a length and a capacity): here it is
 * {@link IntSlice} / {@link ObjSlice} / {@link DoubleSlice}, whose fields are final, so that
 * only the backing array is shared, as in Go. Where a case is about the <em>variable</em> that
 * holds a slice (reassigning it, appending to it) that variable is the field of a {@link Ref},
 * a field the detector sees. {@code append} is Go's: in place when it fits in the capacity,
 * else into a new array after copying the old elements (a range read of them).
 * {@code []*int} is an array of {@link Box} references; {@code []rune} is a {@code char[]}.
 *
 * <p>Every Go test of the file is ported; none is skipped.
 */
public final class SliceCases implements Corpus.Source {

    /** A heap cell, Go's {@code new(int)}. */
    static final class Box {
        int v;
    }

    /** A Go variable that goroutines share: the field is what they race on. */
    static final class Ref<T> {
        T v;

        Ref(T v) {
            this.v = v;
        }
    }

    /** Go's {@code []int} header: elements [0, len) of {@code arr}, room up to {@code cap}. */
    static final class IntSlice {
        final int[] arr;
        final int len;
        final int cap;

        IntSlice(int[] arr, int len, int cap) {
            this.arr = arr;
            this.len = len;
            this.cap = cap;
        }

        static IntSlice make(int len, int cap) {
            return new IntSlice(new int[cap], len, cap);
        }

        void set(int i, int x) {
            arr[i] = x;
        }

        /** {@code s[lo:hi:max]}: no element is touched, only the bounds are checked. */
        IntSlice slice3(int lo, int hi, int max) {
            if (lo != 0 || hi > max || max > cap) {
                throw new IndexOutOfBoundsException(lo + ":" + hi + ":" + max);
            }
            return new IntSlice(arr, hi, max);
        }

        /** Room for {@code more} elements: this backing array, or a grown copy of [0, len). */
        private int[] room(int more) {
            if (len + more <= cap) {
                return arr;
            }
            int[] grown = new int[Math.max(2 * cap, len + more)];
            System.arraycopy(arr, 0, grown, 0, len);
            return grown;
        }

        IntSlice append(int x) {
            int[] to = room(1);
            to[len] = x;
            return new IntSlice(to, len + 1, to == arr ? cap : to.length);
        }

        IntSlice append(IntSlice more) {
            int[] to = room(more.len);
            System.arraycopy(more.arr, 0, to, len, more.len);
            return new IntSlice(to, len + more.len, to == arr ? cap : to.length);
        }
    }

    /** Go's {@code []*int} header, as {@link IntSlice} with references. */
    static final class ObjSlice {
        final Object[] arr;
        final int len;
        final int cap;

        ObjSlice(Object[] arr, int len, int cap) {
            this.arr = arr;
            this.len = len;
            this.cap = cap;
        }

        static ObjSlice make(int len, int cap) {
            return new ObjSlice(new Object[cap], len, cap);
        }

        void set(int i, Object x) {
            arr[i] = x;
        }

        private Object[] room(int more) {
            if (len + more <= cap) {
                return arr;
            }
            Object[] grown = new Object[Math.max(2 * cap, len + more)];
            System.arraycopy(arr, 0, grown, 0, len);
            return grown;
        }

        ObjSlice append(Object x) {
            Object[] to = room(1);
            to[len] = x;
            return new ObjSlice(to, len + 1, to == arr ? cap : to.length);
        }

        ObjSlice append(ObjSlice more) {
            Object[] to = room(more.len);
            System.arraycopy(more.arr, 0, to, len, more.len);
            return new ObjSlice(to, len + more.len, to == arr ? cap : to.length);
        }
    }

    /** Go's {@code []float64} header, for the cases that reslice. */
    static final class DoubleSlice {
        final double[] arr;
        final int off;
        final int len;

        DoubleSlice(double[] arr, int off, int len) {
            this.arr = arr;
            this.off = off;
            this.len = len;
        }

        void set(int i, double x) {
            arr[off + i] = x;
        }

        /** {@code s[lo:hi]}: a new header on the same array; no element is touched. */
        DoubleSlice slice(int lo, int hi) {
            return new DoubleSlice(arr, off + lo, hi - lo);
        }
    }

    /** Two string variables, for the comparison case. */
    static final class Strings {
        String a;
        String b;
    }

    /** A struct of two slices. */
    static final class TwoSlices {
        int[] first;
        int[] second;
    }

    /** Go's {@code append(s[:len], str...)} on a full byte slice: it grows, copying s first. */
    @SuppressWarnings("deprecation")
    static byte[] appendString(byte[] s, int len, String str) {
        byte[] grown = new byte[Math.max(2 * s.length, len + str.length())];
        System.arraycopy(s, 0, grown, 0, len);
        str.getBytes(0, str.length(), grown, len);
        return grown;
    }

    @Override
    @SuppressWarnings("deprecation")
    public void cases(Corpus c) {
        // --- one element, two goroutines ---
        c.race("SliceRW", () -> {
            int[] a = new int[2];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a[1] = 1;
                done.send(true);
            });
            int seen = a[1];
            done.recv();
        });
        c.noRace("SliceRW", () -> {
            // neighbouring elements are different memory
            int[] a = new int[2];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a[0] = 1;
                done.send(true);
            });
            int seen = a[1];
            done.recv();
        });
        c.race("SliceWW", () -> {
            int[] a = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a[1] = 1;
                done.send(true);
            });
            a[1] = 2;
            done.recv();
        });
        // Go's fixed-size array: a Java array too, here reached through a struct's field
        c.noRace("ArrayWW", () -> {
            Ref<int[]> arr = new Ref<>(new int[5]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                arr.v[0] = 1;
                done.send(true);
            });
            arr.v[1] = 2;
            done.recv();
        });
        c.race("ArrayWW", () -> {
            Ref<int[]> arr = new Ref<>(new int[5]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                arr.v[1] = 1;
                done.send(true);
            });
            arr.v[1] = 2;
            done.recv();
        });

        // --- len and cap read no element ---
        c.noRace("SliceWriteLen", () -> {
            boolean[] a = new boolean[1];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a[0] = true;
                done.send(true);
            });
            int n = a.length;
            done.recv();
        });
        c.noRace("SliceWriteCap", () -> {
            // a Java array's capacity is its length
            long[] a = new long[100];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a[50] = 123;
                done.send(true);
            });
            int n = a.length;
            done.recv();
        });

        // --- copy is a range read of the source and a range write of the destination ---
        c.race("SliceCopyRead", () -> {
            int[] dst = new int[10];
            int[] src = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int seen = dst[5];
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });
        c.noRace("SliceWriteCopy", () -> {
            // the copy writes dst[0, 5) only
            int[] dst = new int[10];
            int[] src = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                dst[5] = 1;
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, 5);
            done.recv();
        });
        c.race("SliceCopyWrite2", () -> {
            int[] dst = new int[10];
            int[] src = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                src[5] = 1;
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });
        c.race("SliceCopyWrite3", () -> {
            // copy(b, "qwertyqwerty") copies as many bytes as b holds
            byte[] b = new byte[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                b[7] = 1;
                done.send(true);
            });
            "qwertyqwerty".getBytes(0, b.length, b, 0);
            done.recv();
        });
        c.noRace("SliceCopyRead", () -> {
            // two reads of src[5]
            int[] dst = new int[10];
            int[] src = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int seen = src[5];
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });

        // --- the same with arrays of references ---
        c.race("PointerSliceCopyRead", () -> {
            Box[] dst = new Box[10];
            Box[] src = new Box[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                Box seen = dst[5];
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });
        c.noRace("PointerSliceWriteCopy", () -> {
            Box[] dst = new Box[10];
            Box[] src = new Box[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                dst[5] = new Box();
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, 5);
            done.recv();
        });
        c.race("PointerSliceCopyWrite2", () -> {
            Box[] dst = new Box[10];
            Box[] src = new Box[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                src[5] = new Box();
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });
        c.noRace("PointerSliceCopyRead", () -> {
            Box[] dst = new Box[10];
            Box[] src = new Box[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                Box seen = src[5];
                done.send(true);
            });
            System.arraycopy(src, 0, dst, 0, dst.length);
            done.recv();
        });

        // --- reslicing reads the slice variable, not the elements ---
        c.noRace("SliceWriteSlice2", () -> {
            Ref<DoubleSlice> a = new Ref<>(new DoubleSlice(new double[10], 0, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a.v.set(2, 1.0);
                done.send(true);
            });
            DoubleSlice front = a.v.slice(0, 5);
            done.recv();
        });
        c.race("SliceWriteSlice", () -> {
            // main reassigns the variable the goroutine reads to find the array
            Ref<DoubleSlice> a = new Ref<>(new DoubleSlice(new double[10], 0, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a.v.set(2, 1.0);
                done.send(true);
            });
            a.v = a.v.slice(5, 10);
            done.recv();
        });
        c.noRace("SliceWriteSlice", () -> {
            Ref<DoubleSlice> a = new Ref<>(new DoubleSlice(new double[10], 0, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                a.v.set(2, 1.0);
                done.send(true);
            });
            DoubleSlice back = a.v.slice(5, 10);
            done.recv();
        });
        c.noRace("SliceLenCap", () -> {
            // Go's []struct{} has no element memory; both sides only read the variable
            Ref<Object[]> a = new Ref<>(new Object[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int n = a.v.length;
                done.send(true);
            });
            int m = a.v.length;
            done.recv();
        });
        c.noRace("StructSlicesRangeWrite", () -> {
            // ranging over one field's slice without its values reads no element of the other
            TwoSlices s = new TwoSlices();
            s.first = new int[10];
            s.second = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                for (int i = 0; i < s.first.length; i++) {
                    // index only
                }
                done.send(true);
            });
            s.second[5] = 5;
            done.recv();
        });
        c.race("SliceDifferent", () -> {
            // two variables, one backing array
            int[] s = new int[10];
            int[] alias = s;
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s[3] = 3;
                done.send(true);
            });
            alias[3] = 3;
            done.recv();
        });

        // --- range ---
        c.race("SliceRangeWrite", () -> {
            // ranging over the values reads every element
            int[] s = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s[3] = 3;
                done.send(true);
            });
            long sum = 0;
            for (int v : s) {
                sum += v;
            }
            done.recv();
        });
        c.noRace("SliceRangeWrite", () -> {
            // ranging over the indexes reads none
            int[] s = new int[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s[3] = 3;
                done.send(true);
            });
            for (int i = 0; i < s.length; i++) {
                // index only
            }
            done.recv();
        });
        c.race("SliceRangeAppend", () -> {
            // s = append(s, 3) writes the variable that the range reads
            Ref<IntSlice> s = new Ref<>(IntSlice.make(10, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s.v = s.v.append(3);
                done.send(true);
            });
            for (int i = 0; i < s.v.len; i++) {
                // index only
            }
            done.recv();
        });
        c.noRace("SliceRangeAppend", () -> {
            // an append whose result is dropped only reads the variable and the elements
            Ref<IntSlice> s = new Ref<>(IntSlice.make(10, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice dropped = s.v.append(3);
                done.send(true);
            });
            for (int i = 0; i < s.v.len; i++) {
                // index only
            }
            done.recv();
        });

        // --- the goroutine reads the slice variable, main assigns it ---
        c.race("SliceVarWrite", () -> {
            Ref<int[]> s = new Ref<>(new int[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s.v[3] = 3;
                done.send(true);
            });
            s.v = new int[20];
            done.recv();
        });
        c.race("SliceVarRead", () -> {
            Ref<int[]> s = new Ref<>(new int[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int seen = s.v[3];
                done.send(true);
            });
            s.v = new int[20];
            done.recv();
        });
        c.race("SliceVarRange", () -> {
            Ref<int[]> s = new Ref<>(new int[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                for (int i = 0; i < s.v.length; i++) {
                    // index only
                }
                done.send(true);
            });
            s.v = new int[20];
            done.recv();
        });
        c.race("SliceVarAppend", () -> {
            Ref<IntSlice> s = new Ref<>(IntSlice.make(10, 10));
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice dropped = s.v.append(10);
                done.send(true);
            });
            s.v = IntSlice.make(20, 20);
            done.recv();
        });
        c.race("SliceVarCopy", () -> {
            Ref<int[]> s = new Ref<>(new int[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int[] fresh = new int[10];
                System.arraycopy(fresh, 0, s.v, 0, fresh.length);
                done.send(true);
            });
            s.v = new int[20];
            done.recv();
        });
        c.race("SliceVarCopy2", () -> {
            Ref<int[]> s = new Ref<>(new int[10]);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int[] fresh = new int[10];
                System.arraycopy(s.v, 0, fresh, 0, fresh.length);
                done.send(true);
            });
            s.v = new int[20];
            done.recv();
        });

        // --- append ---
        c.race("SliceAppend", () -> {
            // length 10, capacity 20: both appends write element 10 in place
            IntSlice s = IntSlice.make(10, 20);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice dropped = s.append(1);
                done.send(true);
            });
            IntSlice dropped = s.append(2);
            done.recv();
        });
        c.race("SliceAppendWrite", () -> {
            // a full slice: append copies the old elements, reading s[0]
            IntSlice s = IntSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice dropped = s.append(1);
                done.send(true);
            });
            s.set(0, 42);
            done.recv();
        });
        c.race("SliceAppendSlice", () -> {
            IntSlice s = IntSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice more = IntSlice.make(10, 10);
                IntSlice dropped = s.append(more);
                done.send(true);
            });
            s.set(0, 42);
            done.recv();
        });
        c.race("SliceAppendSlice2", () -> {
            // the appended slice is read too
            IntSlice s = IntSlice.make(10, 10);
            IntSlice more = IntSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                IntSlice dropped = s.append(more);
                done.send(true);
            });
            more.set(5, 42);
            done.recv();
        });
        c.race("SliceAppendString", () -> {
            byte[] s = new byte[10];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                byte[] dropped = appendString(s, s.length, "qwerty");
                done.send(true);
            });
            s[0] = 42;
            done.recv();
        });
        c.race("PointerSliceAppend", () -> {
            ObjSlice s = ObjSlice.make(10, 20);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                ObjSlice dropped = s.append(new Box());
                done.send(true);
            });
            ObjSlice dropped = s.append(new Box());
            done.recv();
        });
        c.race("PointerSliceAppendWrite", () -> {
            ObjSlice s = ObjSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                ObjSlice dropped = s.append(new Box());
                done.send(true);
            });
            s.set(0, new Box());
            done.recv();
        });
        c.race("PointerSliceAppendSlice", () -> {
            ObjSlice s = ObjSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                ObjSlice more = ObjSlice.make(10, 10);
                ObjSlice dropped = s.append(more);
                done.send(true);
            });
            s.set(0, new Box());
            done.recv();
        });
        c.race("PointerSliceAppendSlice2", () -> {
            ObjSlice s = ObjSlice.make(10, 10);
            ObjSlice more = ObjSlice.make(10, 10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                ObjSlice dropped = s.append(more);
                done.send(true);
            });
            more.set(5, null);
            done.recv();
        });

        // --- the index is a shared variable ---
        c.noRace("SliceIndexAccess", () -> {
            int[] s = new int[10];
            Box index = new Box();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int seen = index.v;
                done.send(true);
            });
            s[index.v] = 1;
            done.recv();
        });
        c.noRace("SliceIndexAccess2", () -> {
            int[] s = new int[10];
            Box index = new Box();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                int seen = index.v;
                done.send(true);
            });
            int seen = s[index.v];
            done.recv();
        });
        c.race("SliceIndexAccess", () -> {
            int[] s = new int[10];
            Box index = new Box();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                index.v = 1;
                done.send(true);
            });
            s[index.v] = 1;
            done.recv();
        });
        c.race("SliceIndexAccess2", () -> {
            int[] s = new int[10];
            Box index = new Box();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                index.v = 1;
                done.send(true);
            });
            int seen = s[index.v];
            done.recv();
        });

        // --- strings ---
        c.race("SliceByteToString", () -> {
            // building a string reads every byte
            byte[] s = new byte[10];
            Chan<String> out = Chan.make();
            Go.go(() -> out.send(new String(s)));
            s[0] = 42;
            out.recv();
        });
        c.race("SliceRuneToString", () -> {
            char[] s = new char[10];
            Chan<String> out = Chan.make();
            Go.go(() -> out.send(new String(s)));
            s[9] = 42;
            out.recv();
        });
        c.race("ConcatString", () -> {
            Ref<String> s = new Ref<>("hello");
            Chan<String> out = Chan.make(1);
            Go.go(() -> out.send(s.v + " world"));
            s.v = "world";
            out.recv();
        });
        c.race("CompareString", () -> {
            Strings s = new Strings();
            s.a = "hello";
            s.b = "world";
            Chan<Boolean> out = Chan.make(1);
            Go.go(() -> out.send(s.a.equals(s.b)));
            s.a = s.b;
            out.recv();
        });

        // --- a full slice expression reads its bounds ---
        c.race("Slice3", () -> {
            IntSlice x = IntSlice.make(10, 10);
            Box max = new Box();
            max.v = 2;
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                max.v = 3;
                done.send(true);
            });
            IntSlice window = x.slice3(0, 1, max.v);
            done.recv();
        });
        c.race("Slice4", () -> {
            // Go issue 36794: an overlapping copy within one array writes what a string conversion reads
            byte[] data = "hello there".getBytes();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                String seen = new String(data);
                wg.done();
            });
            System.arraycopy(data, 2, data, 0, data.length - 2);
            wg.await();
        });
    }
}

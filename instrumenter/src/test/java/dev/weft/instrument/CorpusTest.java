package dev.weft.instrument;

import static dev.weft.instrument.CorpusHarness.Expect.PIN;
import static dev.weft.instrument.CorpusHarness.Expect.UNWIND;
import static dev.weft.instrument.CorpusHarness.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrument.CorpusHarness.CorpusClass;
import dev.weft.instrument.CorpusHarness.CorpusLoader;
import dev.weft.instrument.CorpusHarness.Policy;
import dev.weft.instrument.corpus.Abstracts;
import dev.weft.instrument.corpus.CatchThrowable;
import dev.weft.instrument.corpus.Constructors;
import dev.weft.instrument.corpus.Generics;
import dev.weft.instrument.corpus.InitOrder;
import dev.weft.instrument.corpus.Interfaces;
import dev.weft.instrument.corpus.Lambdas;
import dev.weft.instrument.corpus.LongDoubleLoop;
import dev.weft.instrument.corpus.Loops;
import dev.weft.instrument.corpus.ManyLocals;
import dev.weft.instrument.corpus.MergedTypes;
import dev.weft.instrument.corpus.MethodRefs;
import dev.weft.instrument.corpus.Methods;
import dev.weft.instrument.corpus.NestedContinuations;
import dev.weft.instrument.corpus.OperandStack;
import dev.weft.instrument.corpus.PinByConstructor;
import dev.weft.instrument.corpus.PinByForEach;
import dev.weft.instrument.corpus.PinByHelper;
import dev.weft.instrument.corpus.PinByReflection;
import dev.weft.instrument.corpus.PinByStaticInit;
import dev.weft.instrument.corpus.PinByStringConcat;
import dev.weft.instrument.corpus.PinBySynchronizedBlock;
import dev.weft.instrument.corpus.PinBySynchronizedMethod;
import dev.weft.instrument.corpus.PinByTokenCollision;
import dev.weft.instrument.corpus.PinByUninitializedLocal;
import dev.weft.instrument.corpus.PrimitiveLocals;
import dev.weft.instrument.corpus.Recursion;
import dev.weft.instrument.corpus.StackTraces;
import dev.weft.instrument.corpus.Switches;
import dev.weft.instrument.corpus.Ternaries;
import dev.weft.instrument.corpus.TryCatchFinally;
import dev.weft.instrument.corpus.Varargs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The instrumenter on its corpus: one small class per language feature in
 * {@code dev.weft.instrument.corpus}, each scenario a {@code public static String} method whose
 * expected behaviour its class doc states. Every scenario test runs the scenario plain and woven
 * (under the park policies NEVER, ALWAYS and RANDOM with three seeds) and compares, as
 * {@link CorpusHarness} describes; the {@code PIN} scenarios must also pin and fail in strict
 * mode. The last tests check the woven classes themselves: ASM's checks, the JVM's verifier,
 * which methods were rewritten, and that weaving is idempotent.
 *
 * <p>Every test is bounded by the class-level {@link Timeout} (the deep recursion by its own).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CorpusTest {

    // Locals and the operand stack.

    @Test
    void primitiveLocals_allEightTypes_survivePark() {
        check(PrimitiveLocals.class, "allEightTypes", UNWIND);
    }

    @Test
    void primitiveLocals_parametersOfEveryType_survivePark() {
        check(PrimitiveLocals.class, "parameters", UNWIND);
    }

    @Test
    void primitiveLocals_scopedAndReusedSlots_survivePark() {
        check(PrimitiveLocals.class, "slotReuse", UNWIND);
    }

    @Test
    void operandStackUnderCall_intLikeTypes_survivePark() {
        check(OperandStack.class, "intLike", UNWIND);
    }

    @Test
    void operandStackUnderCall_longAndDouble_survivePark() {
        check(OperandStack.class, "longAndDouble", UNWIND);
    }

    @Test
    void operandStackUnderCall_earlierArgumentsOfEveryType_survivePark() {
        check(OperandStack.class, "argumentsBeforeTheSuspendingOne", UNWIND);
    }

    @Test
    void operandStackUnderCall_receiverBeneathArgument_survivesPark() {
        check(OperandStack.class, "receiverBeneathArgument", UNWIND);
    }

    @Test
    void operandStackUnderCall_arrayAndFieldCompoundAssignments_survivePark() {
        check(OperandStack.class, "arraysAndFields", UNWIND);
    }

    @Test
    void operandStackUnderCall_stringConcatenationParts_survivePark() {
        check(OperandStack.class, "concatenation", UNWIND);
    }

    @Test
    void operandStackUnderCall_collectionReceiver_survivesPark() {
        check(OperandStack.class, "receiverOfCollectionCall", UNWIND);
    }

    @Test
    void operandStackUnderCall_nullConstants_survivePark() {
        check(OperandStack.class, "nullsBeneathTheCall", UNWIND);
    }

    @Test
    void operandStackUnderCall_discardedResultsAndChainedAssignments_survivePark() {
        check(OperandStack.class, "discardedAndChained", UNWIND);
    }

    @Test
    void manyLocals_wideSlotsAbove255_survivePark() {
        check(ManyLocals.class, "wideSlots", UNWIND);
    }

    @Test
    void mergedTypes_siblingClassesAndArrays_restoredAsUsableTypes() {
        check(MergedTypes.class, "siblingClassesAndArrays", UNWIND);
    }

    @Test
    void mergedTypes_classesSharingOnlyInterfaces_restoredAsUsableTypes() {
        check(MergedTypes.class, "sharedInterfacesOnly", UNWIND);
    }

    // Constructors and class initialization.

    @Test
    void newWithSuspendingArgument_uninitializedObjectUnderCall_buildsSameObject() {
        check(Constructors.class, "suspendingArgument", UNWIND);
    }

    @Test
    void newWithSuspendingArgument_nestedNews_buildSameObjects() {
        check(Constructors.class, "nestedNews", UNWIND);
    }

    @Test
    void newWithSuspendingArgument_asArgumentAndReceiver_buildsSameObjects() {
        check(Constructors.class, "newAsArgumentAndReceiver", UNWIND);
    }

    @Test
    void newWithSuspendingArgument_inLoop_buildsFreshObjects() {
        check(Constructors.class, "newInLoop", UNWIND);
    }

    @Test
    void newWithSuspendingArgument_acrossBranchesAndSwitchArms_buildsSameObjects() {
        check(Constructors.class, "newAcrossBranches", UNWIND);
    }

    @Test
    void newWithSuspendingArgument_argumentThrows_exceptionPropagatesUnconstructed() {
        check(Constructors.class, "argumentThrows", UNWIND);
    }

    @Test
    void classInitOrder_newWithSuspendingArgument_initializesClassBeforeArgument() {
        check(InitOrder.class, "newKeepsClassInitOrder", UNWIND);
    }

    @Test
    void classInitOrder_nestedNewsWithSuperclass_keepJlsOrder() {
        check(InitOrder.class, "nestedNewsKeepSuperclassAndInnerInitOrder", UNWIND);
    }

    @Test
    void classInitOrder_failingInitializer_argumentNeverEvaluated() {
        check(InitOrder.class, "failingInitializerPrecedesArgument", UNWIND);
    }

    // Exceptions.

    @Test
    void tryCatchFinally_parkInTry_handlersRunOnce() {
        check(TryCatchFinally.class, "parkInTry", UNWIND);
    }

    @Test
    void tryCatchFinally_parkInCatch_handlersRunOnce() {
        check(TryCatchFinally.class, "parkInCatch", UNWIND);
    }

    @Test
    void tryCatchFinally_parkInFinally_handlersRunOnce() {
        check(TryCatchFinally.class, "parkInFinally", UNWIND);
    }

    @Test
    void tryCatchFinally_parkInFinallyWithPendingException_rethrowsAfterPark() {
        check(TryCatchFinally.class, "parkInFinallyWhileThrowing", UNWIND);
    }

    @Test
    void tryCatchFinally_returnThroughParkingFinally_returnsTheTryValue() {
        check(TryCatchFinally.class, "returnThroughParkingFinally", UNWIND);
    }

    @Test
    void tryCatchFinally_handlerInResumedFrame_catchesCalleeException() {
        check(TryCatchFinally.class, "handlerInResumedFrame", UNWIND);
    }

    @Test
    void tryCatchFinally_nestedWithRethrow_handlersRunOnceInOrder() {
        check(TryCatchFinally.class, "nested", UNWIND);
    }

    @Test
    void tryWithResources_parkInBody_closesOnce() {
        check(TryCatchFinally.class, "tryWithResources", UNWIND);
    }

    @Test
    void exceptionEscapingAfterPark_sameTypeMessageAndFrames() {
        check(TryCatchFinally.class, "escapesAfterPark", UNWIND);
    }

    @Test
    void catchThrowable_aroundPark_neverCatchesParking() {
        check(CatchThrowable.class, "aroundPark", UNWIND);
    }

    @Test
    void catchThrowable_realExceptionAfterPark_caughtOnce() {
        check(CatchThrowable.class, "realExceptionStillCaught", UNWIND);
    }

    // Control flow.

    @Test
    void loops_nested_sameIterations() {
        check(Loops.class, "nested", UNWIND);
    }

    @Test
    void loops_whileAndDoWhileWithSuspendingCondition_sameIterations() {
        check(Loops.class, "whileAndDoWhile", UNWIND);
    }

    @Test
    void loops_labeledBreakAndContinue_sameIterations() {
        check(Loops.class, "labeledBreakAndContinue", UNWIND);
    }

    @Test
    void loops_enhancedForOverArrayAndList_iteratorSurvivesPark() {
        check(Loops.class, "enhancedForOverArrayAndList", UNWIND);
    }

    @Test
    void loops_thousandIterations_sameResult() {
        check(Loops.class, "manyIterations", UNWIND);
    }

    @Test
    void switch_onIntDenseAndSparse_sameBranches() {
        check(Switches.class, "onInt", UNWIND);
    }

    @Test
    void switch_onStringWithHashCollision_sameBranches() {
        check(Switches.class, "onString", UNWIND);
    }

    @Test
    void switch_onEnum_sameBranches() {
        check(Switches.class, "onEnum", UNWIND);
    }

    @Test
    void switchExpression_arrowAndYield_sameValues() {
        check(Switches.class, "switchExpressions", UNWIND);
    }

    @Test
    void switchExpression_asArgumentOverEarlierArguments_sameValues() {
        check(Switches.class, "switchExpressionAsArgument", UNWIND);
    }

    @Test
    void ternary_suspendingArms_sameArmTakenOtherNotEvaluated() {
        check(Ternaries.class, "arms", UNWIND);
    }

    @Test
    void ternary_asArgumentsOverEarlierArguments_sameValues() {
        check(Ternaries.class, "asArguments", UNWIND);
    }

    @Test
    void shortCircuit_suspendingOperands_sameEvaluation() {
        check(Ternaries.class, "shortCircuit", UNWIND);
    }

    @Test
    void instanceofPattern_bindingsLiveAcrossPark_sameResults() {
        check(Ternaries.class, "instanceofPatterns", UNWIND);
    }

    // Methods, types, dispatch.

    @Test
    void methods_staticInstancePrivateFinalProtectedNestmate_sameResults() {
        check(Methods.class, "allKinds", UNWIND);
    }

    @Test
    void methods_innerClassReachingOuterInstance_sameResults() {
        check(Methods.class, "innerClass", UNWIND);
    }

    @Test
    void interfaces_abstractDefaultPrivateAndStaticMethods_sameResults() {
        check(Interfaces.class, "abstractDefaultStaticAndPrivate", UNWIND);
    }

    @Test
    void genericInterface_bridgeMethods_forwardThroughPark() {
        check(Generics.class, "bridgesAndGenericCalls", UNWIND);
    }

    @Test
    void abstractClass_templateMethodAndOverrides_sameResults() {
        check(Abstracts.class, "templateAndOverrides", UNWIND);
    }

    @Test
    void varargs_suspendingElements_sameArrays() {
        check(Varargs.class, "suspendingElements", UNWIND);
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void recursion_10000Deep_parksAtEveryLevelAndResumes() {
        check(Recursion.class, "deep", UNWIND,
                List.of(new Policy("NEVER", 0), new Policy("ALWAYS", 0), new Policy("RANDOM", 1)));
    }

    @Test
    void recursion_branchingAndMutual_sameResults() {
        check(Recursion.class, "branching", UNWIND);
        check(Recursion.class, "mutual", UNWIND);
    }

    // Lambdas and method references.

    @Test
    void lambdas_capturingLocalsOfEveryWidth_sameResults() {
        check(Lambdas.class, "capturingLocals", UNWIND);
    }

    @Test
    void lambdas_capturingThis_sameResults() {
        check(Lambdas.class, "capturingThis", UNWIND);
    }

    @Test
    void lambdas_nestedThreeDeep_sameResults() {
        check(Lambdas.class, "nested", UNWIND);
    }

    @Test
    void lambdas_checkedExceptionAfterPark_reachesCaller() {
        check(Lambdas.class, "throwingAfterPark", UNWIND);
    }

    @Test
    void lambdas_customSuspendableInterfacesAndAnonymousClass_sameResults() {
        check(Lambdas.class, "customInterfacesAndAnonymousClass", UNWIND);
    }

    @Test
    void lambdas_serializable_deserializesAndParks() {
        check(Lambdas.class, "serializable", UNWIND);
    }

    @Test
    void methodRefs_staticBoundUnboundAndConstructor_sameResults() {
        check(MethodRefs.class, "staticBoundAndUnbound", UNWIND);
    }

    @Test
    void methodRefs_thisAndSuper_sameResults() {
        check(MethodRefs.class, "thisAndSuper", UNWIND);
    }

    // Stack traces and arithmetic.

    @Test
    void stackTrace_exceptionThrownAfterResume_showsLogicalFramesWithLines() {
        check(StackTraces.class, "thrownAfterResume", UNWIND);
    }

    @Test
    void stackTrace_exceptionConstructedAfterResumeFromMultiLineArguments_sameFramesAndLines() {
        check(StackTraces.class, "constructedAfterResumeAcrossLines", UNWIND);
    }

    @Test
    void nestedContinuation_drivenBetweenOuterParks_eachParksToItsOwn() {
        check(NestedContinuations.class, "innerDrivenBetweenOuterParks", UNWIND);
    }

    @Test
    void stackTrace_capturedAfterResume_showsLogicalFramesWithLines() {
        check(StackTraces.class, "capturedAfterResume", UNWIND);
    }

    @Test
    void longDoubleLoop_accumulators_bitIdentical() {
        check(LongDoubleLoop.class, "accumulate", UNWIND);
    }

    @Test
    void longDoubleLoop_matrixProduct_bitIdentical() {
        check(LongDoubleLoop.class, "matrix", UNWIND);
    }

    // Pinning: same behaviour, pins() > 0, PinnedError in strict mode.

    @Test
    void pinning_unannotatedHelperBetween_pinsAndBehavesAsPlain() {
        check(PinByHelper.class, "unannotatedHelper", PIN);
    }

    @Test
    void pinning_unrewrittenFrameUnderACollidingToken_pins() {
        check(PinByTokenCollision.class, "collidingTokens", PIN);
    }

    @Test
    void pinning_synchronizedBlock_pinsAndKeepsMonitor() {
        check(PinBySynchronizedBlock.class, "synchronizedBlock", PIN);
    }

    @Test
    void pinning_synchronizedMethods_pinAndKeepMonitor() {
        check(PinBySynchronizedMethod.class, "synchronizedMethods", PIN);
    }

    @Test
    void pinning_constructorParks_pinsAndBehavesAsPlain() {
        check(PinByConstructor.class, "constructorParks", PIN);
    }

    @Test
    void pinning_staticInitializerParks_pinsAndBehavesAsPlain() {
        check(PinByStaticInit.class, "staticInitializerParks", PIN);
    }

    @Test
    void pinning_reflectionMethodInvoke_pinsAndBehavesAsPlain() {
        check(PinByReflection.class, "methodInvoke", PIN);
    }

    @Test
    void pinning_methodHandleInvoke_pinsAndBehavesAsPlain() {
        check(PinByReflection.class, "methodHandle", PIN);
    }

    @Test
    void pinning_dynamicProxyHandler_pinsAndBehavesAsPlain() {
        check(PinByReflection.class, "dynamicProxy", PIN);
    }

    @Test
    void pinning_uninitializedObjectInLocal_methodLeftUnrewrittenWithWarningAndPins() {
        CorpusClass c = CorpusHarness.corpus().get(PinByUninitializedLocal.class.getName());
        assertTrue(c.result() != null && c.result().warnings().stream().anyMatch(w -> w.contains("build")),
                () -> "expected a warning naming PinByUninitializedLocal.build, got "
                        + (c.result() == null ? c.weaveFailure() : c.result().warnings()));
        check(PinByUninitializedLocal.class, "uninitializedObjectInLocal", PIN);
    }

    @Test
    void pinning_unrewrittenImplementationCalledThroughFunctionalInterface_pinsNeverReruns() {
        check(PinByUninitializedLocal.class, "unrewrittenFunctionalImplementation", PIN);
    }

    @Test
    void pinning_unrewrittenMethodCallingSameNamedSuspendable_pinsNeverReruns() {
        check(PinByUninitializedLocal.class, "unrewrittenCallerOfSameNamedMethod", PIN);
    }

    @Test
    void pinning_listForEachWithPlainConsumer_pinsAndBehavesAsPlain() {
        check(PinByForEach.class, "forEachWithPlainConsumer", PIN);
    }

    @Test
    void pinning_suspendableToStringFromConcatenation_pinsAndBehavesAsPlain() {
        check(PinByStringConcat.class, "concatCallsToString", PIN);
    }

    // The woven classes themselves.

    @Test
    void weave_everyCorpusClass_doesNotThrow() {
        List<String> failures = new ArrayList<>();
        CorpusHarness.corpus().values().forEach(c -> {
            if (c.weaveFailure() != null) {
                failures.add(c.name() + ": " + c.weaveFailure() + CorpusHarness.stackOf(c.weaveFailure()));
            }
        });
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    @Test
    void wovenClasses_checkClassAdapterAndAnalyzerWithVerifier_reportNoProblems() {
        CorpusLoader loader = CorpusHarness.wovenLoader();
        BytecodeVerifier verifier = new BytecodeVerifier(loader);
        List<String> problems = new ArrayList<>();
        for (CorpusClass c : changedClasses()) {
            for (BytecodeVerifier.Problem p : verifier.verify(c.wovenBytes())) {
                problems.add(c.name() + " " + p.member() + ": " + p.message());
            }
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void wovenClasses_linkedByTheJvm_passItsVerifier() {
        CorpusLoader loader = CorpusHarness.wovenLoader();
        List<String> problems = new ArrayList<>();
        for (CorpusClass c : changedClasses()) {
            try {
                // getDeclaredFields links the class, and linking runs the JVM's verifier (see HotSpotVerifier);
                // defining the whole corpus in one loader keeps nest mates in one runtime package.
                Class.forName(c.name(), false, loader).getDeclaredFields();
            } catch (ClassNotFoundException | LinkageError e) {
                problems.add(c.name() + ": " + e);
            }
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " classes fail to link:\n" + String.join("\n", problems));
    }

    @Test
    void weave_wovenClassAgain_isNoOp() {
        Weaver weaver = new Weaver(ClassSource.of(CorpusTest.class.getClassLoader()), WeaveOptions.DEFAULT);
        List<String> problems = new ArrayList<>();
        for (CorpusClass c : changedClasses()) {
            WeaveResult again = weaver.weave(c.wovenBytes());
            if (again.bytes() != null || again.rewrittenMethods() != 0) {
                problems.add(c.name() + ": rewrote " + again.rewrittenMethods() + " methods again");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void weave_classesWithoutSuspendableMethods_leftUnchanged() {
        List<String> untouched = List.of("Constructors$Point", "Constructors$Box", "InitOrder$Tracked",
                "InitOrder$Base", "InitOrder$Derived", "TryCatchFinally$Resource", "PinByStaticInit$Holder",
                "Switches$Color");
        Map<String, CorpusClass> corpus = CorpusHarness.corpus();
        List<String> changed = new ArrayList<>();
        for (String simple : untouched) {
            CorpusClass c = corpus.get(CorpusHarness.PACKAGE + "." + simple);
            assertTrue(c != null, simple + " is not in the corpus");
            if (c.weaveFailure() == null && (c.changed() || c.result().rewrittenMethods() != 0)) {
                changed.add(simple + " (rewrote " + c.result().rewrittenMethods() + " methods)");
            }
        }
        assertTrue(changed.isEmpty(), () -> "classes with nothing suspendable were changed: " + changed);
    }

    @Test
    void weave_nonPinningCorpusClasses_reportNoWarnings() {
        List<String> warnings = new ArrayList<>();
        CorpusHarness.corpus().values().forEach(c -> {
            if (c.result() != null && !c.name().startsWith(CorpusHarness.PACKAGE + ".PinBy")) {
                c.result().warnings().forEach(w -> warnings.add(c.name() + ": " + w));
            }
        });
        assertTrue(warnings.isEmpty(), () -> String.join("\n", warnings));
    }

    /**
     * docs/architecture.md, "Which methods are rewritten": annotated methods, their overrides and
     * implementations, and lambda bodies of suspendable interfaces; nothing else. Read from the
     * {@code @Woven} marker each rewritten class carries, whose size must match the weaver's count.
     */
    @Test
    void rewrittenMethods_followTheDesignRules() {
        List<String> problems = new ArrayList<>();
        expectRewritten(problems, "Probe", Set.of("point()V", "i(I)I", "j(J)J", "d(D)D", "o(Ljava/lang/Object;)Ljava/lang/Object;"),
                Set.of("reset(Ljava/lang/String;J)V", "log(Ljava/lang/Object;)V", "trace()Ljava/lang/String;", "<clinit>()V"));
        expectRewritten(problems, "PinByHelper", Set.of("unannotatedHelper()Ljava/lang/String;", "deeper()I"),
                Set.of("helper(I)I"));
        expectRewritten(problems, "Interfaces$Plain", Set.of("who()Ljava/lang/String;"), Set.of("<init>()V"));
        expectRewritten(problems, "Interfaces$Loud", Set.of("who()Ljava/lang/String;", "greet()Ljava/lang/String;"),
                Set.of("<init>(I)V"));
        expectRewritten(problems, "Interfaces$Greeter", Set.of("greet()Ljava/lang/String;",
                "decorate(Ljava/lang/String;)Ljava/lang/String;",
                "twice(Ldev/weft/instrument/corpus/Interfaces$Greeter;)Ljava/lang/String;"), Set.of());
        expectRewritten(problems, "Methods$Sub", Set.of("instanceOne(I)Ljava/lang/String;",
                "protectedOne(I)Ljava/lang/String;"), Set.of("<init>(I)V"));
        expectRewritten(problems, "Abstracts$Circle", Set.of("area()D"), Set.of("<init>(J)V"));
        expectRewritten(problems, "Generics$Counter", Set.of("next()Ljava/lang/Integer;"), Set.of("<init>()V"));
        expectRewritten(problems, "PinByConstructor", Set.of("constructorParks()Ljava/lang/String;"), Set.of("<init>(I)V"));
        expectRewritten(problems, "PinByReflection", Set.of("target(I)Ljava/lang/String;"), Set.of());
        expectRewritten(problems, "PinByStringConcat", Set.of("toString()Ljava/lang/String;"), Set.of());
        expectLambdas(problems, "Lambdas", true);
        expectLambdas(problems, "PinByForEach", false);
        expectLambdas(problems, "PinByReflection", false);
        expectRewritten(problems, "Lambdas$1", Set.of("call()Ljava/lang/String;"), Set.of());
        expectRewritten(problems, "PinByUninitializedLocal", Set.of("uninitializedObjectInLocal()Ljava/lang/String;"),
                Set.of("build(I)Ljava/lang/Object;"));
        for (CorpusClass c : changedClasses()) {
            Set<String> marked = wovenMarker(c);
            if (marked == null) {
                problems.add(c.name() + ": changed but carries no @Woven marker");
            } else if (marked.size() != c.result().rewrittenMethods()) {
                problems.add(c.name() + ": @Woven lists " + marked.size() + " methods, the weaver reported "
                        + c.result().rewrittenMethods());
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    void corpus_probeIsRewritten_soScenariosCanPark() {
        CorpusClass probe = CorpusHarness.corpus().get(CorpusHarness.PACKAGE + ".Probe");
        assertTrue(probe.changed(), "Probe was not rewritten: " + probe.result());
        assertEquals(List.of(), corpusClassesThatFailedToWeave());
    }

    // Helpers.

    private static List<CorpusClass> changedClasses() {
        List<CorpusClass> changed = new ArrayList<>();
        for (CorpusClass c : CorpusHarness.corpus().values()) {
            if (c.changed()) {
                changed.add(c);
            }
        }
        return changed;
    }

    private static List<String> corpusClassesThatFailedToWeave() {
        List<String> failed = new ArrayList<>();
        CorpusHarness.corpus().values().forEach(c -> {
            if (c.weaveFailure() != null) {
                failed.add(c.name());
            }
        });
        return failed;
    }

    private static void expectRewritten(List<String> problems, String simpleName, Set<String> rewritten,
            Set<String> untouched) {
        CorpusClass c = CorpusHarness.corpus().get(CorpusHarness.PACKAGE + "." + simpleName);
        if (c == null || c.weaveFailure() != null) {
            problems.add(simpleName + ": missing or failed to weave");
            return;
        }
        Set<String> marked = c.changed() ? wovenMarker(c) : Set.of();
        if (marked == null) {
            return; // reported by the caller's marker check
        }
        for (String m : rewritten) {
            if (!marked.contains(m)) {
                problems.add(simpleName + "." + m + " should be rewritten; @Woven lists " + new TreeSet<>(marked));
            }
        }
        for (String m : untouched) {
            if (marked.contains(m)) {
                problems.add(simpleName + "." + m + " should not be rewritten");
            }
        }
    }

    /** Every lambda body of {@code simpleName} is rewritten ({@code expected}) or none is. */
    private static void expectLambdas(List<String> problems, String simpleName, boolean expected) {
        CorpusClass c = CorpusHarness.corpus().get(CorpusHarness.PACKAGE + "." + simpleName);
        if (c == null || c.weaveFailure() != null) {
            problems.add(simpleName + ": missing or failed to weave");
            return;
        }
        Set<String> marked = c.changed() ? wovenMarker(c) : Set.of();
        if (marked == null) {
            return;
        }
        ClassNode node = new ClassNode();
        new ClassReader(c.original()).accept(node, ClassReader.SKIP_CODE);
        for (MethodNode m : node.methods) {
            if (m.name.startsWith("lambda$") && marked.contains(m.name + m.desc) != expected) {
                problems.add(simpleName + "." + m.name + m.desc + (expected ? " should" : " should not")
                        + " be rewritten");
            }
        }
    }

    /** The methods listed by the class's {@code @Woven} marker, or null if it has none. */
    private static Set<String> wovenMarker(CorpusClass c) {
        ClassNode node = new ClassNode();
        new ClassReader(c.wovenBytes()).accept(node, ClassReader.SKIP_CODE);
        List<AnnotationNode> annotations = new ArrayList<>();
        if (node.visibleAnnotations != null) {
            annotations.addAll(node.visibleAnnotations);
        }
        if (node.invisibleAnnotations != null) {
            annotations.addAll(node.invisibleAnnotations);
        }
        for (AnnotationNode a : annotations) {
            if (a.desc.equals("Ldev/weft/internal/cont/Woven;")) {
                Set<String> methods = new TreeSet<>();
                for (int k = 0; a.values != null && k < a.values.size(); k += 2) {
                    if ("value".equals(a.values.get(k))) {
                        for (Object v : (List<?>) a.values.get(k + 1)) {
                            methods.add((String) v);
                        }
                    }
                }
                return methods;
            }
        }
        return null;
    }
}

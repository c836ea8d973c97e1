// (a) both modules were woven, the application's implementation of the library's @Suspendable
// interface included; the woven program runs with weft-runtime and no agent, strict (a pinned
// park would throw), and prints the right answer. (c) the rebuild without clean wove nothing.
import java.util.concurrent.TimeUnit

def log = new File(basedir, 'build.log').text
def summaries = (log =~ /weft: (\d+) class(?:es)? scanned, (\d+) woven, (\d+) skipped/).collect { it[2] as int }
assert summaries.size() == 4 : "expected a weft line for lib and app in each of two builds, got: ${summaries}\n${log}"
assert summaries[0] > 0 && summaries[1] > 0 : "the first build wove nothing: ${summaries}"
assert summaries[2] == 0 && summaries[3] == 0 : "the rebuild without clean wove again: ${summaries}"
assert log.contains('already woven)')

def square = new File(basedir, 'app/target/classes/demo/app/Main$Square.class')
assert square.getText('ISO-8859-1').contains('dev/weft/internal/cont/Woven') :
        'Main.Square implements the library\'s @Suspendable Stage.run and must be woven'

def runtime = new File(localRepositoryPath, "dev/weft/weft-runtime/${weftVersion}/weft-runtime-${weftVersion}.jar")
assert runtime.isFile() : "no runtime jar at ${runtime}"
def cp = [runtime, new File(basedir, 'lib/target/classes'), new File(basedir, 'app/target/classes')].join(File.pathSeparator)
def proc = new ProcessBuilder("${javaHome}/bin/java", '-Dweft.strict=true', '-cp', cp, 'demo.app.Main').start()
def out = new StringBuilder()
def err = new StringBuilder()
def readers = [proc.consumeProcessOutputStream(out), proc.consumeProcessErrorStream(err)]
if (!proc.waitFor(60, TimeUnit.SECONDS)) {
    proc.destroyForcibly()
    assert false : "the woven program did not finish within 60 s: ${err}"
}
readers*.join()
assert proc.exitValue() == 0 : "the woven program failed: ${err}"
assert out.toString().trim() == 'sum of odd squares: 166650' : "unexpected output: ${out}"
assert !err.toString().toLowerCase().contains('pinned') : "the woven program pinned a carrier: ${err}"
true

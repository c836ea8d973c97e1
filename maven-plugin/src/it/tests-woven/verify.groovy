// (b) both goals wove, verbosely; the tests ran strict without the agent and passed.
def log = new File(basedir, 'build.log').text
def woven = (log =~ /weft: (\d+) class(?:es)? scanned, (\d+) woven, (\d+) skipped/).collect { it[2] as int }
assert woven.size() == 2 && woven.every { it > 0 } : "expected instrument and instrument-tests to weave: ${woven}\n${log}"
assert log.contains('weft: woven demo.RingTest (') : 'verbose should name each woven class'
assert log =~ /Tests run: 2, Failures: 0, Errors: 0, Skipped: 0/
def test = new File(basedir, 'target/test-classes/demo/RingTest.class')
assert test.getText('ISO-8859-1').contains('dev/weft/internal/cont/Woven')
true

// prepare-agent put the agent in argLine; the strict tests passed, woven at load time only.
def log = new File(basedir, 'build.log').text
assert log =~ /weft: argLine set to -javaagent:\S*weft-agent-[^\s\/\\]*\.jar/ : log
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0/
def test = new File(basedir, 'target/test-classes/demo/AgentTest.class')
assert !test.getText('ISO-8859-1').contains('dev/weft/internal/cont/Woven') : 'nothing is woven on disk'
true

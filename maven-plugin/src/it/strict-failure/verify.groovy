// (d) the build failed, naming the refused method, the corrupt file, and what to do about each,
// and wrote nothing: the class it could weave is left as compiled, not half of the directory woven.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('weft: could not weave 2 classes as strict mode requires:') : log
assert log.contains('cannot rewrite demo.Refused.build(') : 'the failure must name the refused method'
assert log.contains('Restructure that method') && log.contains('<strict>false</strict>')
assert log =~ /demo[\/\\]Broken\.class: cannot read class file/ : 'the failure must name the corrupt file'
assert log.contains('delete it or rebuild with `mvn clean`')
def wovable = new File(basedir, 'target/classes/demo/Wovable.class')
assert wovable.isFile()
assert !wovable.getText('ISO-8859-1').contains('dev/weft/internal/cont/Woven') : 'a failed strict build must write nothing'
true

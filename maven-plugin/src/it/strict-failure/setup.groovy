// A file named like a class that is not one, copied into target/classes by process-resources.
def broken = new File(basedir, 'src/main/resources/demo/Broken.class')
broken.parentFile.mkdirs()
broken.text = 'not a class file'
true

// The run passed: the build succeeded, the JUnit XML has its three cases and no failure, the
// report is the run's, and the local stack's database stayed in target/vox/local.
import javax.xml.parsers.DocumentBuilderFactory

def log = new File(basedir, 'build.log').text
assert log.contains('Run 1 submitted')
assert log.contains('Vox: the run passed')

def junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
    .parse(new File(basedir, 'target/vox/junit.xml')).documentElement
assert junit.getAttribute('tests') == '3'
assert junit.getAttribute('failures') == '0'

def report = new File(basedir, 'target/vox/report.html').text
assert report.contains('maven-plugin-pass')
assert new File(basedir, 'target/vox/local/mariadb').isDirectory()
assert !new File(basedir, 'target/vox/local/credentials').exists() : 'the local stack stopped'
return true

// The run missed its threshold: the build failed for that reason, and the JUnit XML (the failed
// threshold as a failure) and the report were written all the same.
import javax.xml.parsers.DocumentBuilderFactory

def log = new File(basedir, 'build.log').text
assert log.contains('Vox: the run missed a threshold')
assert log.contains('BUILD FAILURE')

def junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
    .parse(new File(basedir, 'target/vox/junit.xml')).documentElement
assert junit.getAttribute('tests') == '3'
assert junit.getAttribute('failures') == '2'
def failures = junit.getElementsByTagName('failure')
assert failures.item(0).getAttribute('message') == 'errorPercent < 1: actual 100.0'
// every request failed: the latency threshold has no figure, and fails
assert failures.item(1).getAttribute('message').contains('actual no data')
assert log.contains('FAIL p99')

def report = new File(basedir, 'target/vox/report.html').text
assert report.contains('maven-plugin-fail')
return true

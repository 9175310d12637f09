package org.pbxauth.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SDK's promises as a library: the JDK only, Java 17 class files. */
class ModuleShapeTest {
    @Test
    void whenThePomIsReadThenEveryDependencyIsTestScoped() throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList deps = doc.getElementsByTagName("dependency");
        List<String> shipped = new ArrayList<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            NodeList scope = d.getElementsByTagName("scope");
            if (scope.getLength() == 0 || !scope.item(0).getTextContent().trim().equals("test")) {
                shipped.add(d.getElementsByTagName("artifactId").item(0).getTextContent());
            }
        }
        assertThat(deps.getLength()).isPositive();
        assertThat(shipped).as("dependencies outside test scope").isEmpty();
        assertThat(doc.getElementsByTagName("dependencyManagement").getLength()).isZero();
    }

    @Test
    void whenTheClassesAreReadThenTheyAreJava17() throws Exception {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(Path.of("target/classes"))) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(classes).isNotEmpty();
        for (Path c : classes) {
            try (InputStream in = Files.newInputStream(c); DataInputStream data = new DataInputStream(in)) {
                assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
                data.readUnsignedShort(); // minor
                assertThat(data.readUnsignedShort()).as(c.toString()).isEqualTo(61);
            }
        }
    }
}

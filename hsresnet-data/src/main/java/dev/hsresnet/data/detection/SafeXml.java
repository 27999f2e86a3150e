package dev.hsresnet.data.detection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The JDK's DOM parser, configured against hostile files: a document type declaration is refused
 * outright (so no external entity, no external DTD and no entity expansion bomb can be declared),
 * external entities, external DTD loading and XInclude are off, secure processing is on, and files
 * above {@value #MAX_BYTES} bytes are refused before parsing. Parser errors become {@link
 * AnnotationException}s with line and column, never console output.
 */
final class SafeXml {

    /** Largest annotation file parsed: 16 MiB (a VOC file is a few KB). */
    static final long MAX_BYTES = 16L << 20;

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SafeXml() {}

    /**
     * @param file an XML file
     * @return its document
     * @throws AnnotationException naming the file when it is too large, declares a DOCTYPE or
     *     does not parse (with line and column)
     * @throws UncheckedIOException when it cannot be read
     */
    static Document parse(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new AnnotationException(file, "annotation file of " + size
                        + " bytes, more than the " + MAX_BYTES + " accepted");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            return builder.parse(new ByteArrayInputStream(bytes), file.toUri().toString());
        } catch (SAXParseException e) {
            String m = String.valueOf(e.getMessage());
            boolean doctype = m.contains("DOCTYPE");
            throw new AnnotationException(file, (doctype
                    ? "XML with a DOCTYPE declaration is refused (no DTDs or entities are"
                            + " processed): "
                    : "not well-formed XML: ") + "line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + m, e);
        } catch (SAXException | IOException e) {
            throw new AnnotationException(file, "cannot parse XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a safety feature", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        f.setValidating(false);
        return f;
    }

    /** @return the direct child elements called {@code name}, in document order */
    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the first direct child element called {@code name}, or null */
    static Element child(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    /** @return the trimmed text of the first direct child called {@code name}, or null */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}

package io.samsa.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineParserTest {

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesAreValuesWithoutKey() {
        LineParser.Parsed p = new LineParser(Map.of()).parse("hello\tworld");
        assertThat(p.key).isNull();
        assertThat(s(p.value)).isEqualTo("hello\tworld");
        assertThat(p.headers).isEmpty();
    }

    @Test
    void keysSplitAtTheFirstSeparator() {
        LineParser parser = new LineParser(Map.of("parse.key", "true", "key.separator", ":"));
        LineParser.Parsed p = parser.parse("k1:v:1");
        assertThat(s(p.key)).isEqualTo("k1");
        assertThat(s(p.value)).isEqualTo("v:1");
        assertThat(s(parser.parse(":only-value").key)).isEmpty();
        assertThatThrownBy(() -> parser.parse("no separator")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key separator ':'");
    }

    @Test
    void headersKeysAndNullMarker() {
        LineParser parser = new LineParser(Map.of("parse.key", "true", "parse.headers", "true",
                "null.marker", "NULL"));
        LineParser.Parsed p = parser.parse("h1:a,h2,h3:NULL\tkey\tNULL");
        assertThat(p.headers).hasSize(3);
        assertThat(p.headers.get(0).key()).isEqualTo("h1");
        assertThat(s(p.headers.get(0).value())).isEqualTo("a");
        assertThat(p.headers.get(1).value()).isNull();
        assertThat(p.headers.get(2).value()).isNull();
        assertThat(s(p.key)).isEqualTo("key");
        assertThat(p.value).isNull();
        assertThatThrownBy(() -> parser.parse("no-delimiter")).hasMessageContaining("no headers delimiter '\\t'");
        assertThatThrownBy(() -> parser.parse(":v\tk\tv")).hasMessageContaining("empty name");
    }

    @Test
    void emptySeparatorsAreRejected() {
        assertThatThrownBy(() -> new LineParser(Map.of("key.separator", ""))).isInstanceOf(CliException.class)
                .hasMessageContaining("key.separator must not be empty");
    }
}

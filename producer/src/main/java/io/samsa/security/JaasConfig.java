package io.samsa.security;

import io.samsa.common.config.ConfigException;
import io.samsa.common.config.types.Password;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One JAAS login module entry as Kafka's {@code sasl.jaas.config} holds it:
 *
 * <pre>
 *   org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="s3cret";
 *   &lt;login module class&gt;                                 &lt;flag&gt;   &lt;option&gt;=&lt;value&gt; ...          ;
 * </pre>
 *
 * <p>Values are double-quoted (a backslash escapes the next character: {@code \"}, {@code \\}; {@code \n},
 * {@code \t}, {@code \r} as in Java) or bare words without white space, {@code ;} or {@code "}. Exactly one
 * entry, as Kafka requires of a client's {@code sasl.jaas.config}.
 *
 * <p>Parse errors name the problem and its position, never a value: the text holds a password.
 */
public final class JaasConfig {
    private static final String KEY = "sasl.jaas.config";
    private static final Set<String> FLAGS = Set.of("required", "requisite", "sufficient", "optional");

    private final String loginModule;
    private final String flag;
    private final Map<String, String> options;

    private JaasConfig(String loginModule, String flag, Map<String, String> options) {
        this.loginModule = loginModule;
        this.flag = flag;
        this.options = Collections.unmodifiableMap(options);
    }

    /** The login module class name as written. */
    public String loginModule() {
        return loginModule;
    }

    public String flag() {
        return flag;
    }

    /** The options in order of appearance. Holds secrets: never print it. */
    public Map<String, String> options() {
        return options;
    }

    /** Option names only, for messages. */
    @Override
    public String toString() {
        return "JaasConfig(" + loginModule + " " + flag + " options " + options.keySet() + ")";
    }

    /** Parses one entry. @throws ConfigException naming {@code sasl.jaas.config} and what is wrong, never values */
    public static JaasConfig parse(String text) {
        if (text == null || text.isBlank()) {
            throw error("is empty");
        }
        Parser p = new Parser(text);
        p.skipSpace();
        String module = p.word("the login module class name");
        if (!module.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw error("the login module '" + module + "' is not a Java class name (position " + p.start + ")");
        }
        p.skipSpace();
        String flag = p.word("the control flag (required, requisite, sufficient or optional)");
        if (!FLAGS.contains(flag.toLowerCase(Locale.ROOT))) {
            throw error("the control flag must be one of required, requisite, sufficient, optional; found '"
                    + flag + "' at position " + p.start);
        }
        Map<String, String> options = new LinkedHashMap<>();
        while (true) {
            p.skipSpace();
            if (p.atEnd()) {
                throw error("the entry must end with ';'");
            }
            if (p.peek() == ';') {
                p.pos++;
                break;
            }
            int at = p.pos;
            String name = p.optionName();
            p.skipSpace();
            if (p.atEnd() || p.peek() != '=') {
                throw error("option '" + name + "' at position " + at + " has no '=value'");
            }
            p.pos++;
            p.skipSpace();
            String value = p.value(name);
            if (options.put(name, value) != null) {
                throw error("option '" + name + "' is given twice");
            }
        }
        p.skipSpace();
        if (!p.atEnd()) {
            throw error("only one login module entry is allowed; more text follows the ';' at position " + p.pos);
        }
        return new JaasConfig(module, flag.toLowerCase(Locale.ROOT), options);
    }

    static ConfigException error(String why) {
        return new ConfigException(KEY, new Password(null), why);
    }

    private static final class Parser {
        final String s;
        int pos;
        int start;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        String word(String what) {
            start = pos;
            while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ';' && peek() != '=') {
                pos++;
            }
            if (start == pos) {
                throw error("expected " + what + " at position " + pos);
            }
            return s.substring(start, pos);
        }

        String optionName() {
            start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.' || peek() == '-')) {
                pos++;
            }
            if (start == pos) {
                throw error("expected an option name at position " + pos + " (a character that cannot start one "
                        + "is there)");
            }
            return s.substring(start, pos);
        }

        String value(String name) {
            if (atEnd()) {
                throw error("option '" + name + "' has no value");
            }
            if (peek() == '"') {
                int open = pos;
                pos++;
                StringBuilder sb = new StringBuilder();
                while (true) {
                    if (atEnd()) {
                        throw error("the quoted value of option '" + name + "' opened at position " + open
                                + " is not closed");
                    }
                    char c = s.charAt(pos++);
                    if (c == '"') {
                        return sb.toString();
                    }
                    if (c == '\\') {
                        if (atEnd()) {
                            throw error("the quoted value of option '" + name + "' ends with a lone backslash");
                        }
                        char e = s.charAt(pos++);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        sb.append(c);
                    }
                }
            }
            int from = pos;
            while (!atEnd() && !Character.isWhitespace(peek()) && peek() != ';') {
                if (peek() == '"' || peek() == '=') {
                    throw error("the unquoted value of option '" + name + "' contains '" + peek()
                            + "'; quote the value");
                }
                pos++;
            }
            if (from == pos) {
                throw error("option '" + name + "' has an empty value; use \"\" for an empty string");
            }
            return s.substring(from, pos);
        }
    }
}

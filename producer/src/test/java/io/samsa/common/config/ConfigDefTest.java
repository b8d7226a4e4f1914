package io.samsa.common.config;

import io.samsa.common.config.types.Password;

import io.samsa.common.config.ConfigDef.Importance;
import io.samsa.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDefTest {

    /** Takes the place of a configurable plugin. */
    public static class Task implements Runnable {
        @Override
        public void run() {
        }
    }

    /** Cannot be created: its constructor throws. */
    public static class Exploding implements Runnable {
        public Exploding() {
            throw new IllegalStateException("boom");
        }

        @Override
        public void run() {
        }
    }

    private static final ConfigDef DEF = ConfigDef.builder("test")
            .define("s", Type.STRING, "dflt", Importance.HIGH, "A string.")
            .define("i", Type.INT, 5, Validators.atLeast(0), Importance.HIGH, "An int.")
            .define("l", Type.LONG, 0, Validators.atLeast(0), Importance.MEDIUM, "A long.")
            .define("sh", Type.SHORT, 1, Validators.between(0, 10), Importance.LOW, "A short.")
            .define("b", Type.BOOLEAN, false, Importance.LOW, "A boolean.")
            .define("d", Type.DOUBLE, 0.5, Importance.LOW, "A double.")
            .define("list", Type.LIST, "a,b", Importance.LOW, "A list.")
            .define("c", Type.CLASS, null, Validators.implementing(Runnable.class), Importance.LOW, "A class.")
            .define("classes", Type.LIST, "", Importance.LOW, "Classes.")
            .define("p", Type.PASSWORD, null, Importance.LOW, "A secret.")
            .define("acks", Type.STRING, "all", Validators.oneOf("all", "-1", "0", "1"), Importance.LOW, "Acks.")
            .define("req", Type.STRING, ConfigDef.NO_DEFAULT, Importance.HIGH, "Required.")
            .classAlias("org.example.ApacheTask", Task.class)
            .retiredClass("org.example.Gone", "org.example.Gone was removed; use nothing")
            .build();

    private static Map<String, Object> with(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("req", "x");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ConfigValues parse(Object... kv) {
        return new ConfigValues(DEF, with(kv));
    }

    @Test
    void absentKeysTakeTheirTypedDefaults() {
        ConfigValues v = parse();
        assertThat(v.getString("s")).isEqualTo("dflt");
        assertThat(v.getInt("i")).isEqualTo(5);
        assertThat(v.getLong("l")).isZero();
        assertThat(v.getShort("sh")).isEqualTo((short) 1);
        assertThat(v.getBoolean("b")).isFalse();
        assertThat(v.getDouble("d")).isEqualTo(0.5);
        assertThat(v.getList("list")).containsExactly("a", "b");
        assertThat(v.getClass("c")).isNull();
        assertThat(v.getPassword("p")).isNull();
        assertThat(v.isSet("s")).isFalse();
        assertThat(v.isSet("req")).isTrue();
    }

    @Test
    void stringsAreTrimmedAndConverted() {
        ConfigValues v = parse("s", "  hi  ", "i", " 7 ", "l", "9223372036854775807", "sh", "10", "b", " TRUE ",
                "d", "1e3", "list", " x , y ,, z ,", "c", " " + Task.class.getName() + " ", "classes", "",
                "p", " secret ");
        assertThat(v.getString("s")).isEqualTo("hi");
        assertThat(v.getInt("i")).isEqualTo(7);
        assertThat(v.getLong("l")).isEqualTo(Long.MAX_VALUE);
        assertThat(v.getShort("sh")).isEqualTo((short) 10);
        assertThat(v.getBoolean("b")).isTrue();
        assertThat(v.getDouble("d")).isEqualTo(1000.0);
        assertThat(v.getList("list")).containsExactly("x", "y", "z");
        assertThat(v.getClass("c")).isEqualTo(Task.class);
        assertThat(v.getList("classes")).isEmpty();
        assertThat(v.getPassword("p").value()).isEqualTo("secret");
    }

    @Test
    void typedObjectsAreAccepted() {
        ConfigValues v = parse("i", 3, "l", 4, "sh", 5L, "b", true, "d", 2, "list", List.of(Task.class, " y "),
                "c", Task.class, "p", new Password("pw"));
        assertThat(v.getInt("i")).isEqualTo(3);
        assertThat(v.getLong("l")).isEqualTo(4L);
        assertThat(v.getShort("sh")).isEqualTo((short) 5);
        assertThat(v.getBoolean("b")).isTrue();
        assertThat(v.getDouble("d")).isEqualTo(2.0);
        assertThat(v.getList("list")).containsExactly(Task.class.getName(), "y");
        assertThat(v.getClass("c")).isEqualTo(Task.class);
        assertThat(v.getPassword("p").value()).isEqualTo("pw");
        assertThat(parse("i", 8L).getInt("i")).as("a Long that fits an int").isEqualTo(8);
    }

    @Test
    void invalidValuesNameTheKeyTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> parse("l", "abc")).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'abc' for configuration 'l': must be a long between 0 and 9223372036854775807");
        assertThatThrownBy(() -> parse("l", "-1"))
                .hasMessage("Invalid value '-1' for configuration 'l': must be a long between 0 and 9223372036854775807");
        assertThatThrownBy(() -> parse("i", "2147483648"))
                .hasMessage("Invalid value '2147483648' for configuration 'i': must be an int between 0 and 2147483647");
        assertThatThrownBy(() -> parse("i", 1L << 40))
                .hasMessage("Invalid value '1099511627776' for configuration 'i': must be an int between 0 and "
                        + "2147483647 (got a java.lang.Long)");
        assertThatThrownBy(() -> parse("sh", 11))
                .hasMessage("Invalid value '11' for configuration 'sh': must be a short between 0 and 10");
        assertThatThrownBy(() -> parse("b", "yes"))
                .hasMessage("Invalid value 'yes' for configuration 'b': must be true or false");
        assertThatThrownBy(() -> parse("acks", "2"))
                .hasMessage("Invalid value '2' for configuration 'acks': must be one of [all, -1, 0, 1]");
        assertThatThrownBy(() -> parse("acks", "ALL")).as("case-sensitive, as Apache Kafka")
                .hasMessageContaining("must be one of [all, -1, 0, 1]");
        assertThatThrownBy(() -> parse("acks", 1))
                .hasMessage("Invalid value '1' for configuration 'acks': must be one of [all, -1, 0, 1] "
                        + "(got a java.lang.Integer)");
        assertThatThrownBy(() -> parse("i", null))
                .hasMessage("Invalid value null for configuration 'i': must be an int between 0 and 2147483647");
        assertThatThrownBy(() -> new ConfigValues(DEF, Map.of()))
                .hasMessage("Missing required configuration 'req' which has no default value: it must be a string");
        assertThatThrownBy(() -> new ConfigValues(DEF, Map.of(1, "x")))
                .hasMessageContaining("keys must be strings").hasMessageContaining("java.lang.Integer '1'");
        assertThat(catchConfig(() -> parse("l", "x")).configName()).isEqualTo("l");
    }

    private static ConfigException catchConfig(Runnable r) {
        try {
            r.run();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("no ConfigException");
    }

    @Test
    void classesAreLoadedCheckedAndAliased() {
        assertThatThrownBy(() -> parse("c", "org.example.Missing"))
                .hasMessageStartingWith("Invalid value 'org.example.Missing' for configuration 'c': class "
                        + "org.example.Missing could not be loaded")
                .hasMessageContaining("it must be a class implementing java.lang.Runnable");
        assertThatThrownBy(() -> parse("c", String.class))
                .hasMessage("Invalid value 'java.lang.String' for configuration 'c': class java.lang.String does not "
                        + "implement java.lang.Runnable");
        assertThatThrownBy(() -> parse("c", Runnable.class)).hasMessageContaining("is abstract");
        assertThat(parse("c", "org.example.ApacheTask").getClass("c")).isEqualTo(Task.class);
        assertThatThrownBy(() -> parse("c", "org.example.Gone")).hasMessageContaining("was removed; use nothing");
        assertThat(parse("c", "").getClass("c")).as("blank means unset for a nullable class").isNull();
    }

    @Test
    void instancesAreCreatedOrFailNamingKeyAndClass() {
        assertThat(parse("c", Task.class).newInstance("c", Runnable.class)).isInstanceOf(Task.class);
        assertThat(parse().newInstance("c", Runnable.class)).isNull();
        assertThatThrownBy(() -> parse("c", Exploding.class).newInstance("c", Runnable.class))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'c'")
                .hasMessageContaining(Exploding.class.getName()).hasMessageContaining("boom");
        List<Runnable> list = parse("classes", "org.example.ApacheTask, " + Task.class.getName())
                .newInstances("classes", Runnable.class);
        assertThat(list).hasSize(2).allMatch(r -> r instanceof Task);
        assertThatThrownBy(() -> parse("classes", "java.lang.String").newInstances("classes", Runnable.class))
                .hasMessageContaining("'classes'").hasMessageContaining("does not implement java.lang.Runnable");
        assertThatThrownBy(() -> parse("classes", "no.Such").newInstances("classes", Runnable.class))
                .hasMessageContaining("'classes'").hasMessageContaining("no.Such could not be loaded");
    }

    @Test
    void passwordsAreNeverPrinted() {
        ConfigValues v = parse("p", "hunter2");
        assertThat(v.getPassword("p").toString()).isEqualTo("[hidden]");
        assertThat(v.toString()).contains("p=[hidden]").doesNotContain("hunter2");
        assertThatThrownBy(() -> parse("p", List.of("hunter2"))).hasMessageStartingWith("Invalid value [hidden]")
                .hasMessageNotContaining("hunter2");
        assertThat(new Password("a")).isEqualTo(new Password("a")).isNotEqualTo(new Password("b"));
    }

    @Test
    void nullableKeysAcceptNull() {
        assertThat(parse("c", null).getClass("c")).isNull();
        assertThat(parse("p", null).getPassword("p")).isNull();
    }

    @Test
    void unknownKeysAreListedAndWarnedOncePerJvmByNameOnly() {
        String unique = "config.def.test.unknown." + System.nanoTime();
        String log = LogCapture.during(() -> {
            ConfigValues v = parse(unique, "secret-value", "zz." + unique, 1);
            assertThat(v.unknownKeys()).containsExactly(unique, "zz." + unique);
            assertThat(v.originals()).containsEntry(unique, "secret-value");
        });
        assertThat(LogCapture.count(log, "'" + unique + "'")).isEqualTo(1);
        assertThat(log).contains("WARN").contains("not a Samsa test setting").doesNotContain("secret-value");
        String again = LogCapture.during(() -> parse(unique, "x"));
        assertThat(again).doesNotContain(unique);
    }

    @Test
    void propertiesDefaultsAreSeen() {
        Properties defaults = new Properties();
        defaults.setProperty("i", "9");
        defaults.setProperty("req", "r");
        Properties props = new Properties(defaults);
        props.setProperty("s", "own");
        props.put("l", 12L);
        ConfigValues v = new ConfigValues(DEF, ConfigDef.toMap(props));
        assertThat(v.getInt("i")).isEqualTo(9);
        assertThat(v.getString("s")).isEqualTo("own");
        assertThat(v.getLong("l")).isEqualTo(12L);
    }

    @Test
    void gettersCheckTheType() {
        ConfigValues v = parse();
        assertThatThrownBy(() -> v.getInt("l")).hasMessage("Configuration 'l' is of type long, not int");
        assertThatThrownBy(() -> v.get("nope")).hasMessageContaining("Unknown configuration 'nope'");
    }

    @Test
    void tableMistakesFailWhenTheTableIsBuilt() {
        assertThatThrownBy(() -> ConfigDef.builder("x").define("a", Type.INT, 1, Importance.LOW, "d")
                .define("a", Type.INT, 1, Importance.LOW, "d")).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> ConfigDef.builder("x").define("a", Type.INT, 1, Importance.LOW, " "))
                .hasMessageContaining("no documentation");
        assertThatThrownBy(() -> ConfigDef.builder("x").define("a", Type.INT, -1, Validators.atLeast(0),
                Importance.LOW, "d")).hasMessageContaining("default of 'a' breaks its own rule");
        assertThatThrownBy(() -> ConfigDef.builder("x").define("a", Type.LONG, null, Importance.LOW, "d"))
                .hasMessageContaining("cannot default to null");
    }

    @Test
    void validatorsDescribeThemselvesInApacheKafkasNotation() {
        assertThat(Validators.atLeast(0).validValues()).isEqualTo("[0,...]");
        assertThat(Validators.between(0, Integer.MAX_VALUE).validValues()).isEqualTo("[0,...,2147483647]");
        assertThat(Validators.betweenOr(1, 9, -1).validValues()).isEqualTo("[1,...,9] or -1");
        assertThat(Validators.betweenOr(1, 9, -1).describe(Type.INT)).isEqualTo("an int between 1 and 9, or -1");
        assertThat(Validators.oneOf("all", "-1", "0", "1").validValues()).isEqualTo("[all, -1, 0, 1]");
        assertThat(Validators.oneOfIgnoreCase("a", "b").validValues()).isEqualTo("(case insensitive) [a, b]");
        assertThat(DEF.key("l").describe()).isEqualTo("a long between 0 and 9223372036854775807");
        assertThat(DEF.key("s").validValues()).isEmpty();
        assertThat(DEF.key("req").defaultDisplay()).isEqualTo("(required)");
        assertThat(DEF.key("list").defaultDisplay()).isEqualTo("a,b");
        assertThat(DEF.key("classes").defaultDisplay()).isEqualTo("\"\"");
    }
}

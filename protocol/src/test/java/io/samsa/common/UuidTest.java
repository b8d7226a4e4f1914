package io.samsa.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samsa's Uuid prints, parses, hashes and orders as Apache Kafka's does (checked against kafka-clients). */
class UuidTest {

    @Test
    void textFormHashAndOrderMatchApacheKafka() {
        List<Uuid> ours = new ArrayList<>();
        List<org.apache.kafka.common.Uuid> theirs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Uuid u = Uuid.randomUuid();
            org.apache.kafka.common.Uuid a = new org.apache.kafka.common.Uuid(u.getMostSignificantBits(),
                    u.getLeastSignificantBits());
            assertEquals(a.toString(), u.toString());
            assertEquals(a.hashCode(), u.hashCode());
            assertEquals(u, Uuid.fromString(a.toString()));
            assertFalse(u.toString().startsWith("-"));
            assertFalse(Uuid.RESERVED.contains(u));
            ours.add(u);
            theirs.add(a);
        }
        ours.add(new Uuid(-1L, 5L));
        theirs.add(new org.apache.kafka.common.Uuid(-1L, 5L));
        Collections.sort(ours);
        Collections.sort(theirs);
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(theirs.get(i).toString(), ours.get(i).toString());
        }
        assertEquals(org.apache.kafka.common.Uuid.ZERO_UUID.toString(), Uuid.ZERO_UUID.toString());
        assertEquals(org.apache.kafka.common.Uuid.ONE_UUID.toString(), Uuid.ONE_UUID.toString());
    }

    @Test
    void badTextIsRefusedWithTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Uuid.fromString("abc"));
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Uuid.fromString("A".repeat(30)));
    }

    @Test
    void convertsToAndFromJavaUuid() {
        java.util.UUID j = java.util.UUID.randomUUID();
        assertEquals(j, Uuid.of(j).toJavaUuid());
    }
}

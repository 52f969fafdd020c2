package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void phoneNumbersKeepOnlyTheirLastFourDigits() {
        assertThat(Masking.maskPhoneNumber("+12065550100")).isEqualTo("***0100");
        assertThat(Masking.maskPhoneNumber("+1 206 555 0100")).isEqualTo("***0100");
        assertThat(Masking.maskPhoneNumbersIn("calls from +12065550100 to 14155550101, fallback +447700900123."))
                .isEqualTo("calls from ***0100 to ***0101, fallback ***0123.");
    }

    @Test
    void spacedAndPunctuatedNumbersAreMaskedToo() {
        assertThat(Masking.maskPhoneNumbersIn("Property 'ParticipantPhoneNumbers' must be a list; got "
                + "'+1 206 555 0100, +1 415 555 0101'"))
                .isEqualTo("Property 'ParticipantPhoneNumbers' must be a list; got '***0100, ***0101'");
        assertThat(Masking.maskPhoneNumbersIn("+1 (206) 555-0100 or (415) 555-0101 or 206.555.0102 or "
                + "+44 20 7946 0958 or +1-206-555-0103 or 1 206 5550104"))
                .isEqualTo("***0100 or ***0101 or ***0102 or ***0958 or ***0103 or ***0104");
        assertThat(Masking.maskPhoneNumbersIn("tel:+12065550100;(+14155550101) [2065550102 4155550103]"))
                .isEqualTo("tel:***0100;(***0101) [***0103]");
        assertThat(Masking.maskPhoneNumbersIn("fullwidth ＋１２０６５５５０１００"))
                .isEqualTo("fullwidth ***０１００");
    }

    @Test
    void numbersAfterALabelsColonOrBeforeAnUnderscoreAreMaskedToo() {
        assertThat(Masking.maskPhoneNumbersIn("number:12065550100")).isEqualTo("number:***0100");
        assertThat(Masking.maskPhoneNumbersIn("{\"phone\":12065550100}")).isEqualTo("{\"phone\":***0100}");
        assertThat(Masking.maskPhoneNumbersIn("session +12065550100_2 of 2")).isEqualTo("session ***0100_2 of 2");
        assertThat(Masking.maskPhoneNumbersIn("file 12065550100_log")).isEqualTo("file ***0100_log");
    }

    @Test
    void identifiersTimestampsAndCountsAreLeftAlone() {
        String text = "session 12345678-1234-1234-1234-123456789012 on abcdefghij0123456789ab at "
                + "2026-11-23T10:00:00.000Z, request 6a1b2c3d, 30 minutes; c6af9ac6-7b61-11e6-9a41-93e8deadbeef, "
                + "0123456789abcdefghijkl, 5abd6082-1234-4944-9aaf-748ed84e0648, "
                + "arn:aws:cloudformation:us-east-1:123456789012:stack/Example/5b7a4c10-c82e-11ef-9d1b-0affd4a1b2c3, "
                + "at 2026-11-23 10:00:00, 2026.11.23, from 1 to 720 minutes, [30, 60, 90], 3 attempts, HTTP 400, "
                + "took 12.3456789 s on 192.168.100.200, 10:00:00.748452922, 8 MiB, x9, durationMs 472, "
                + "12345678901234567890, arn:aws:iam::123456789012:role/x, port :8080, at 10:00:00, "
                + "abc_12065550100, tag:k3J9xQ2";
        assertThat(Masking.maskPhoneNumbersIn(text)).isEqualTo(text);
    }

    @Test
    void abbreviatedValuesAreMaskedThenCutToFortyCharacters() {
        assertThat(Masking.abbreviate("call +12065550100")).isEqualTo("call ***0100");
        assertThat(Masking.abbreviate("x".repeat(40))).isEqualTo("x".repeat(40));
        assertThat(Masking.abbreviate("x".repeat(41))).isEqualTo("x".repeat(40) + "...");
        assertThat(Masking.abbreviate("y".repeat(35) + " +12065550100")).isEqualTo("y".repeat(35) + " ***0...");
    }
}

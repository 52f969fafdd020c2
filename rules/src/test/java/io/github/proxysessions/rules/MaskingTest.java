package io.github.proxysessions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void phoneNumbersKeepOnlyTheirLastFourDigits() {
        assertThat(Masking.maskPhoneNumber("+12065550100")).isEqualTo("***0100");
        assertThat(Masking.maskPhoneNumbersIn("calls from +12065550100 to 14155550101, fallback +447700900123."))
                .isEqualTo("calls from ***0100 to ***0101, fallback ***0123.");
    }

    @Test
    void identifiersAndTimestampsAreLeftAlone() {
        String text = "session 12345678-1234-1234-1234-123456789012 on abcdefghij0123456789ab at "
                + "2026-11-23T10:00:00.000Z, request 6a1b2c3d, 30 minutes";
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

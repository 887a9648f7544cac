package dev.veto.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the shipped access policy names, which lists of cases rely on to decide once per organization. */
class AccessTest {
    @Test
    void theShippedPolicyNamesRolesButNoCase() {
        assertThat(Access.SHIPPED.namesEntitiesOf("Role")).isTrue();
        assertThat(Access.SHIPPED.namesEntitiesOf("Case")).as("a case is decided on by its attributes alone").isFalse();
    }
}

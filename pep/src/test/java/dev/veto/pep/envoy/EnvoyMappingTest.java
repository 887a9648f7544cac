package dev.veto.pep.envoy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.veto.cedar.value.EntityUid;
import dev.veto.cedar.value.StringValue;
import dev.veto.engine.EngineRequest;
import dev.veto.pep.PepException;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvoyMappingTest {
    private final EnvoyMapping mapping = new EnvoyMapping();

    /** A route for objects in buckets: {@code /buckets/<bucket>/…}, the action by method. */
    private static Map<String, String> bucketRoute() {
        Map<String, String> ext = new HashMap<>();
        ext.put("veto_service", "storage");
        ext.put("veto_action_GET", "GetObject");
        ext.put("veto_action_PUT", "PutObject");
        ext.put("veto_resource_type", "Bucket");
        ext.put("veto_resource_segment", "1");
        return ext;
    }

    private static CheckRequest check(String method, String path, Map<String, String> headers, Map<String, String> ext) {
        return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                        .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                                .setId("req-1").setMethod(method).setPath(path).setHost("storage.example").putAllHeaders(headers)))
                        .putAllContextExtensions(ext))
                .build();
    }

    private static CheckRequest check(String path, Map<String, String> ext) {
        return check("GET", path, Map.of("x-veto-principal", "alice"), ext);
    }

    private static Map<String, String> with(Map<String, String> ext, String key, String value) {
        Map<String, String> m = new HashMap<>(ext);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    private AbstractThrowableAssert<?, ?> refusal(CheckRequest c, String field) {
        return assertThatThrownBy(() -> mapping.map(c))
                .isInstanceOf(PepException.InvalidRequest.class)
                .satisfies(e -> assertThat(((PepException.InvalidRequest) e).field()).isEqualTo(field));
    }

    @Test
    void aRouteWithServiceAndPerMethodActionsMapsEveryPart() {
        EngineRequest r = mapping.map(check("GET", "/buckets/b-1/objects/x.txt?versionId=7", Map.of("x-veto-principal", "alice"), bucketRoute()));
        assertThat(r.principal()).isEqualTo(EntityUid.of("User", "alice"));
        assertThat(r.action()).isEqualTo(EntityUid.of("Action", "storage:GetObject"));
        assertThat(r.resource()).isEqualTo(EntityUid.of("Bucket", "b-1"));
        assertThat(r.context().attributes()).containsOnly(
                Map.entry("method", new StringValue("GET")),
                Map.entry("path", new StringValue("/buckets/b-1/objects/x.txt")),
                Map.entry("host", new StringValue("storage.example")));
        assertThat(r.entities()).isEmpty();

        EngineRequest put = mapping.map(check("PUT", "/buckets/b-1/objects/x.txt", Map.of("x-veto-principal", "alice"), bucketRoute()));
        assertThat(put.action()).isEqualTo(EntityUid.of("Action", "storage:PutObject"));
    }

    @Test
    void aVerbatimActionWinsOverTheServiceSoARouteCanOverrideItsVirtualHost() {
        EngineRequest r = mapping.map(check("/buckets/b-1", with(bucketRoute(), "veto_action", "storage:ListObjects")));
        assertThat(r.action()).isEqualTo(EntityUid.of("Action", "storage:ListObjects"));
        Map<String, String> only = new HashMap<>(Map.of("veto_action", "ai:Invoke", "veto_resource_type", "Model", "veto_resource_id", "m-1"));
        assertThat(mapping.map(check("/v1/chat", only)).action()).isEqualTo(EntityUid.of("Action", "ai:Invoke"));
    }

    @Test
    void aMethodTheRouteNamesNoActionForIsRefusedNamingTheKeyToSet() {
        refusal(check("DELETE", "/buckets/b-1", Map.of("x-veto-principal", "alice"), bucketRoute()), "action")
                .hasMessageContaining("method `DELETE`").hasMessageContaining("`veto_action_DELETE`");
        refusal(check("", "/buckets/b-1", Map.of("x-veto-principal", "alice"), bucketRoute()), "action");
    }

    @Test
    void aRouteWithNoActionIsRefused() {
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_service", null)), "action")
                .hasMessageContaining("`veto_action`").hasMessageContaining("`veto_service`");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_action", "")), "action").hasMessageContaining("is empty");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_service", "")), "action").hasMessageContaining("is empty");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_action_GET", "")), "action").hasMessageContaining("is empty");
    }

    @Test
    void thePrincipalTypeAndHeaderCanBeSetPerRouteOrForTheWholeMapping() {
        Map<String, String> ext = with(with(bucketRoute(), "veto_principal_type", "Iam::Role"), "veto_principal_header", "X-Role");
        EngineRequest r = mapping.map(check("GET", "/buckets/b-1", Map.of("x-role", "auditor", "x-veto-principal", "alice"), ext));
        assertThat(r.principal()).isEqualTo(EntityUid.of("Iam::Role", "auditor"));

        EnvoyMapping services = new EnvoyMapping("Service", "X-Service-Id");
        EngineRequest s = services.map(check("GET", "/buckets/b-1", Map.of("x-service-id", "billing"), bucketRoute()));
        assertThat(s.principal()).isEqualTo(EntityUid.of("Service", "billing"));
        assertThatThrownBy(() -> new EnvoyMapping("not a type", "x-p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EnvoyMapping("User", "bad header")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingOrEmptyPrincipalHeaderIsRefusedNamingTheHeader() {
        refusal(check("GET", "/buckets/b-1", Map.of(), bucketRoute()), "principal")
                .hasMessageContaining("header `x-veto-principal` is missing");
        refusal(check("GET", "/buckets/b-1", Map.of("x-veto-principal", ""), bucketRoute()), "principal");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_principal_type", "User::")), "principal")
                .hasMessageContaining("not a Cedar entity type name");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_principal_header", "x veto")), "principal")
                .hasMessageContaining("not an HTTP header name");
    }

    @Test
    void aHugeHeaderIsRefusedWithoutEchoingIt() {
        String huge = "a".repeat(1 << 20);
        refusal(check("GET", "/buckets/b-1", Map.of("x-veto-principal", huge), bucketRoute()), "principal")
                .hasMessageContaining("1048576 characters long, over the limit of 1024")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
        String longest = "a".repeat(EnvoyMapping.MAX_ID_LENGTH);
        assertThat(mapping.map(check("GET", "/buckets/b-1", Map.of("x-veto-principal", longest), bucketRoute())).principal().id())
                .isEqualTo(longest);
    }

    @Test
    void aControlCharacterInAnIdIsRefused() {
        refusal(check("GET", "/buckets/b-1", Map.of("x-veto-principal", "ali\u0000ce"), bucketRoute()), "principal")
                .hasMessageContaining("U+0000");
        refusal(check("/buckets/b%0A1", bucketRoute()), "resource").hasMessageContaining("U+000A");
    }

    @Test
    void theResourceTypeIsRequiredAndMustBeACedarName() {
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_resource_type", null)), "resource")
                .hasMessageContaining("`veto_resource_type`");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_resource_type", "1Bucket")), "resource")
                .hasMessageContaining("`1Bucket`, not a Cedar entity type name");
        assertThat(mapping.map(check("/buckets/b-1", with(bucketRoute(), "veto_resource_type", "Storage::Bucket"))).resource())
                .isEqualTo(EntityUid.of("Storage::Bucket", "b-1"));
    }

    @Test
    void exactlyOneSourceOfTheResourceIdMustBeSet() {
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_resource_segment", null)), "resource")
                .hasMessageContaining("sets none of");
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_resource_id", "b-9")), "resource")
                .hasMessageContaining("sets 2 of");
    }

    @Test
    void aFixedResourceId() {
        Map<String, String> ext = with(with(bucketRoute(), "veto_resource_segment", null), "veto_resource_id", "b-fixed");
        assertThat(mapping.map(check("/anything", ext)).resource()).isEqualTo(EntityUid.of("Bucket", "b-fixed"));
        refusal(check("/anything", with(ext, "veto_resource_id", "")), "resource").hasMessageContaining("is empty");
    }

    @Test
    void theResourceIdFromAHeader() {
        Map<String, String> ext = with(with(bucketRoute(), "veto_resource_segment", null), "veto_resource_header", "X-Bucket");
        EngineRequest r = mapping.map(check("GET", "/", Map.of("x-veto-principal", "alice", "x-bucket", "b-7"), ext));
        assertThat(r.resource()).isEqualTo(EntityUid.of("Bucket", "b-7"));
        refusal(check("/", ext), "resource").hasMessageContaining("header `x-bucket` is missing");
        refusal(check("/", with(ext, "veto_resource_header", "x:bucket")), "resource").hasMessageContaining("not an HTTP header name");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/buckets/b-1                 | 1 | b-1",
        "/buckets/b-1/                | 1 | b-1",
        "/buckets/b-1?x=/y/z          | 1 | b-1",
        "/buckets/b-1#frag            | 1 | b-1",
        "/buckets/a%20b               | 1 | a b",
        "/buckets/a+b                 | 1 | a+b",
        "/buckets/a%2Fb/objects       | 1 | a/b",
        "/buckets/caf%C3%A9           | 1 | café",
        "/buckets/%e2%82%ac           | 1 | €",
        "/buckets/b-1/objects/k%3F%23 | 3 | k?#",
        "/buckets/b-1                 | 0 | buckets",
        "buckets/b-1                  | 1 | b-1",
    })
    void pathSegmentsAreCountedAfterTheLeadingSlashAndPercentDecoded(String path, int index, String id) {
        assertThat(mapping.map(check(path, with(bucketRoute(), "veto_resource_segment", Integer.toString(index)))).resource())
                .isEqualTo(EntityUid.of("Bucket", id));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/buckets                | 1 | has no segment 1",
        "/buckets?b=b-1          | 1 | has no segment 1",
        "/buckets//objects       | 1 | is empty",
        "/buckets/               | 1 | is empty",
        "/buckets/a%2            | 1 | not followed by two hex digits",
        "/buckets/a%zz           | 1 | not followed by two hex digits",
        "/buckets/a%             | 1 | not followed by two hex digits",
        "/buckets/%C3%28         | 1 | not UTF-8",
        "/buckets/%FF            | 1 | not UTF-8",
        "/buckets/..             | 1 | a dot-segment",
        "/buckets/%2E%2E/objects | 1 | a dot-segment",
        "/buckets/./objects      | 1 | a dot-segment",
    })
    void badSegmentsAreRefused(String path, int index, String why) {
        refusal(check(path, with(bucketRoute(), "veto_resource_segment", Integer.toString(index))), "resource")
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "one", "", "1.5", "99999999999"})
    void aSegmentIndexThatIsNoIndexIsRefused(String index) {
        refusal(check("/buckets/b-1", with(bucketRoute(), "veto_resource_segment", index)), "resource")
                .hasMessageContaining("not a path segment index");
    }

    @Test
    void aHugePathIsQuotedShortInTheMessage() {
        String path = "/" + "x".repeat(100_000);
        refusal(check(path, bucketRoute()), "resource")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(500));
    }

    @Test
    void rawHeadersAreReadAndARepeatedIdHeaderIsRefused() {
        HeaderMap raw = HeaderMap.newBuilder()
                .addHeaders(HeaderValue.newBuilder().setKey("x-veto-principal").setRawValue(ByteString.copyFromUtf8("zoë")))
                .addHeaders(HeaderValue.newBuilder().setKey("accept").setRawValue(ByteString.copyFromUtf8("*/*")))
                .build();
        CheckRequest c = check("GET", "/buckets/b-1", Map.of(), bucketRoute());
        CheckRequest withRaw = c.toBuilder().setAttributes(c.getAttributes().toBuilder().setRequest(c.getAttributes().getRequest().toBuilder()
                .setHttp(c.getAttributes().getRequest().getHttp().toBuilder().setHeaderMap(raw)))).build();
        assertThat(mapping.map(withRaw).principal()).isEqualTo(EntityUid.of("User", "zoë"));

        HeaderMap twice = raw.toBuilder()
                .addHeaders(HeaderValue.newBuilder().setKey("X-Veto-Principal").setRawValue(ByteString.copyFromUtf8("mallory")))
                .build();
        CheckRequest smuggled = withRaw.toBuilder().setAttributes(withRaw.getAttributes().toBuilder().setRequest(withRaw.getAttributes()
                .getRequest().toBuilder().setHttp(withRaw.getAttributes().getRequest().getHttp().toBuilder().setHeaderMap(twice)))).build();
        refusal(smuggled, "principal").hasMessageContaining("appears more than once");
    }

    @Test
    void aCheckWithoutHttpAttributesIsRefusedNotFailed() {
        refusal(CheckRequest.getDefaultInstance(), "principal");
    }
}

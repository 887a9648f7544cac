package dev.veto.pep.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.veto.cedar.value.EntityUid;
import dev.veto.engine.EngineRequest;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.header_mutation.v3.HeaderMutation;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

/**
 * examples/envoy/envoy.yaml read into Envoy's own bootstrap types, strictly (an unknown field or
 * {@code @type} fails), and its routes' context extensions run through {@link EnvoyMapping}: the
 * file a user copies says what the README says it does.
 */
class EnvoyExampleConfigTest {
    private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
            .add(List.of(HttpConnectionManager.getDescriptor(), ExtAuthz.getDescriptor(), ExtAuthzPerRoute.getDescriptor(),
                    HeaderMutation.getDescriptor(), JwtAuthentication.getDescriptor(), Router.getDescriptor(),
                    HttpProtocolOptions.getDescriptor(), UpstreamTlsContext.getDescriptor()))
            .build();

    private static Bootstrap bootstrap() throws Exception {
        String root = System.getenv().getOrDefault("VETO_PROJECT_ROOT", Path.of("").toAbsolutePath().getParent().toString());
        String yaml = Files.readString(Path.of(root, "examples/envoy/envoy.yaml"));
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Bootstrap.Builder b = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(TYPES).merge(JsonMapper.builder().build().writeValueAsString(tree), b);
        return b.build();
    }

    private static <T extends Message> T unpack(Any any, Class<T> type) throws InvalidProtocolBufferException {
        return any.unpack(type);
    }

    @Test
    void theExampleIsAValidBootstrapWithExtAuthzFailingClosedToTheVetoCluster() throws Exception {
        Bootstrap b = bootstrap();
        Filter hcmFilter = b.getStaticResources().getListeners(0).getFilterChains(0).getFilters(0);
        HttpConnectionManager hcm = unpack(hcmFilter.getTypedConfig(), HttpConnectionManager.class);
        assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName).containsExactly(
                "envoy.filters.http.header_mutation", "envoy.filters.http.jwt_authn", "envoy.filters.http.ext_authz",
                "envoy.filters.http.router");

        ExtAuthz extAuthz = unpack(hcm.getHttpFilters(2).getTypedConfig(), ExtAuthz.class);
        assertThat(extAuthz.getFailureModeAllow()).isFalse();
        assertThat(extAuthz.getTransportApiVersion().name()).isEqualTo("V3");
        assertThat(extAuthz.getGrpcService().getEnvoyGrpc().getClusterName()).isEqualTo("veto_pep");
        assertThat(extAuthz.hasWithRequestBody()).isFalse();
        assertThat(extAuthz.getStatusOnError().getCodeValue()).isEqualTo(503);

        HeaderMutation strip = unpack(hcm.getHttpFilters(0).getTypedConfig(), HeaderMutation.class);
        assertThat(strip.getMutations().getRequestMutations(0).getRemove()).isEqualTo(EnvoyMapping.DEFAULT_PRINCIPAL_HEADER);
        JwtAuthentication jwt = unpack(hcm.getHttpFilters(1).getTypedConfig(), JwtAuthentication.class);
        assertThat(jwt.getProvidersOrThrow("platform").getClaimToHeaders(0).getHeaderName()).isEqualTo(EnvoyMapping.DEFAULT_PRINCIPAL_HEADER);

        Cluster veto = b.getStaticResources().getClustersList().stream().filter(c -> c.getName().equals("veto_pep")).findFirst().orElseThrow();
        assertThat(veto.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(9191);
        HttpProtocolOptions h2 = unpack(veto.getTypedExtensionProtocolOptionsOrThrow("envoy.extensions.upstreams.http.v3.HttpProtocolOptions"),
                HttpProtocolOptions.class);
        assertThat(h2.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
    }

    @Test
    void theExampleRoutesMapToTheRequestsTheReadmeNames() throws Exception {
        HttpConnectionManager hcm = unpack(bootstrap().getStaticResources().getListeners(0).getFilterChains(0).getFilters(0).getTypedConfig(),
                HttpConnectionManager.class);
        List<Route> routes = hcm.getRouteConfig().getVirtualHosts(0).getRoutesList();
        EnvoyMapping mapping = new EnvoyMapping();

        assertThat(perRoute(routes.get(0)).getDisabled()).as("/healthz is not checked").isTrue();

        EngineRequest put = mapping.map(check("PUT", "/buckets/b-1/objects/report.pdf", perRoute(routes.get(1)).getCheckSettings().getContextExtensionsMap()));
        assertThat(put.action()).isEqualTo(EntityUid.of("Action", "storage:PutObject"));
        assertThat(put.resource()).isEqualTo(EntityUid.of("Bucket", "b-1"));
        assertThat(put.principal()).isEqualTo(EntityUid.of("User", "alice"));

        EngineRequest invoke = mapping.map(check("POST", "/v1/models/m-7/invoke", perRoute(routes.get(2)).getCheckSettings().getContextExtensionsMap()));
        assertThat(invoke.action()).isEqualTo(EntityUid.of("Action", "ai:InvokeModel"));
        assertThat(invoke.resource()).isEqualTo(EntityUid.of("Model", "m-7"));

        assertThat(routes.get(3).getTypedPerFilterConfigMap()).as("the catch-all route has no mapping").isEmpty();
    }

    private static ExtAuthzPerRoute perRoute(Route r) throws InvalidProtocolBufferException {
        return unpack(r.getTypedPerFilterConfigOrThrow("envoy.filters.http.ext_authz"), ExtAuthzPerRoute.class);
    }

    private static CheckRequest check(String method, String path, Map<String, String> ext) {
        return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                        .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
                                .setMethod(method).setPath(path).setHost("storage.example").putHeaders("x-veto-principal", "alice")))
                        .putAllContextExtensions(ext))
                .build();
    }
}

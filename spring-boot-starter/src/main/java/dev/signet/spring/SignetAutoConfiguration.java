package dev.signet.spring;

import dev.signet.web.AccessRules;
import dev.signet.web.Identity;
import dev.signet.web.MicrometerMetrics;
import dev.signet.web.ResourceServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Signet's engine from {@code signet.*}: the {@link ResourceServer} (trusted issuers, DPoP, token
 * cache…) and the {@link AccessRules} (public paths, routes), both replaceable by beans of your
 * own; Micrometer meters when a {@code MeterRegistry} exists; {@link Identity} as a Spring MVC
 * handler argument. {@code SignetSecurityAutoConfiguration} puts it into Spring Security, or,
 * without Spring Security, {@link SignetServletAutoConfiguration} in front of every request.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "signet.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SignetProperties.class)
public final class SignetAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ResourceServer signetResourceServer(SignetProperties properties, Environment environment, ObjectProvider<ResourceServerCustomizer> customizers) {
    List<ResourceServerCustomizer> all = customizers.orderedStream().toList();
    return ResourceServerFactory.build(properties, environment.getProperty("server.port", Integer.class), all);
  }

  @Bean
  @ConditionalOnMissingBean
  AccessRules signetAccessRules(SignetProperties properties) {
    return AccessRulesFactory.build(properties);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    ResourceServerCustomizer signetMetrics(ObjectProvider<MeterRegistry> registry) {
      return builder -> {
        MeterRegistry meters = registry.getIfUnique();
        if (meters != null) {
          builder.metrics(new MicrometerMetrics(meters));
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RequestMappingHandlerAdapter.class)
  static class Mvc {
    /**
     * First among the handler-argument resolvers: Spring MVC's own would take an {@link Identity}
     * parameter for the request's user principal (it is a {@code Principal}), which under Spring
     * Security is the {@code Authentication}.
     */
    @Bean
    static BeanPostProcessor signetIdentityArgument() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          if (bean instanceof RequestMappingHandlerAdapter adapter) {
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            resolvers.add(new IdentityArgumentResolver());
            List<HandlerMethodArgumentResolver> current = adapter.getArgumentResolvers();
            if (current != null) {
              resolvers.addAll(current);
            }
            adapter.setArgumentResolvers(resolvers);
          }
          return bean;
        }
      };
    }
  }
}

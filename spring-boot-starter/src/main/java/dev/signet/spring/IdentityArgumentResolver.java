package dev.signet.spring;

import dev.signet.web.Identity;
import dev.signet.web.servlet.SignetFilter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * A handler's {@link Identity} (or {@code Optional<Identity>}) parameter: the caller Signet verified,
 * with or without Spring Security; null (empty) on a public path.
 */
final class IdentityArgumentResolver implements HandlerMethodArgumentResolver {
  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Identity.class
        || (parameter.getParameterType() == Optional.class && parameter.nested().getNestedParameterType() == Identity.class);
  }

  @Override
  public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mav, NativeWebRequest request,
      @Nullable WebDataBinderFactory binders) {
    Object identity = request.getAttribute(SignetFilter.IDENTITY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    Identity caller = identity instanceof Identity i ? i : null;
    return parameter.getParameterType() == Optional.class ? Optional.ofNullable(caller) : caller;
  }
}

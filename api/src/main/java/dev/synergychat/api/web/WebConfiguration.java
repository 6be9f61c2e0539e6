package dev.synergychat.api.web;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.filter.CorsFilter;

import dev.synergychat.api.ApiProperties;

/**
 * Tomcat's socket write buffer, and CORS and the body size limit as servlet filters. CORS runs early so that every answer, errors and 429s included,
 * carries the headers a browser needs to show it: the page calls the api from another origin in most topologies.
 * It runs just after Spring Boot's character encoding filter (the highest precedence), which replaces whatever
 * charset the request named with UTF-8: CORS decodes the path with that charset, and an empty or unknown one
 * ({@code Content-Type: application/json; charset=}) would otherwise fail the request with a 500.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * Tomcat's socket write buffer (its {@code socket.appWriteBufSize}, 8 KiB by default), large enough that the
	 * newest page of 100 messages leaves with its headers in one write. With the default, the benchmark's page (11 KB
	 * of JSON) took two writes, and on a busy api the second one cost a fifth of the throughput or more.
	 * Each open connection holds one such buffer: 1,000 connections hold 32 MiB.
	 */
	static final int SOCKET_WRITE_BUFFER_BYTES = 32 * 1024;

	@Bean
	TomcatConnectorCustomizer socketWriteBuffer() {
		return (connector) -> connector.setProperty("socket.appWriteBufSize",
				String.valueOf(SOCKET_WRITE_BUFFER_BYTES));
	}

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilter(ApiProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOriginPatterns(properties.corsAllowedOrigins());
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "OPTIONS"));
		cors.setAllowedHeaders(List.of(CorsConfiguration.ALL));
		cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER));
		cors.setMaxAge(Duration.ofHours(1));
		// One configuration for every path, handed out as it is: a path-matching source would parse each request's
		// path only to find the same configuration.
		CorsFilter filter = new CorsFilter((request) -> cors);
		filter.setCorsProcessor(new JsonRejectingCorsProcessor());
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter() {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

}

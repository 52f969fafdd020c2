package io.github.proxysessions.local.cfn;

/** A template this runner cannot play: a dependency cycle, a parameter without a default, and the like. */
public class TemplateException extends RuntimeException {

    TemplateException(String message) {
        super(message);
    }
}

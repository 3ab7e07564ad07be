/**
 * The embeddable evaluator. It must not import the front end (syntax,
 * semantic, policy, lint, compile) so a processor loads only what it runs.
 */
export const runtimeFormatVersion = 1;

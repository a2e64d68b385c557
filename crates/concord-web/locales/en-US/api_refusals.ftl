# The API's refusals of a request as a whole (issue 19): a method the route does not take, a body or address over the limit, a body that is not JSON; and of one value in the address or query string.
api-refusal-method-not-allowed = This route does not take this method; the Allow header lists the ones it does.
api-refusal-too-large = The request body is larger than this route accepts.
api-refusal-too-long = The address is longer than the server accepts.
api-refusal-unsupported-media-type = The body must be JSON, sent with Content-Type: application/json.
api-refusal-path-value = cannot be read from the address
api-refusal-query-value = is not a value this parameter takes
error-unavailable = The service cannot reach its database just now. Nothing was changed. Try again in a moment.

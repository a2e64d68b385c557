# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = Not found.
error-conflict = This was changed by someone else at the same time; reload the page and try again.
error-unauthenticated = Sign in first, or the token is not valid.
error-bad-credentials = The user name or password is not right.
error-bad-second-factor = The code is not right or was already used.
error-throttled = Too many failed attempts; try again later.
error-internal = Something went wrong on our side. Nothing was changed. Try again.
error-cross-site = This request did not come from a Concord page and was refused.
error-rate-limited = Too many requests from your address; try again in { $seconds } seconds.

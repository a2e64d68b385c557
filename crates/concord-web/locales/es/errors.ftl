# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = No encontrado.
error-conflict = Otra persona modificó esto al mismo tiempo; vuelva a cargar la página e inténtelo de nuevo.
error-unauthenticated = Inicie sesión primero, o el token no es válido.
error-bad-credentials = El nombre de usuario o la contraseña no son correctos.
error-bad-second-factor = El código no es correcto o ya se utilizó.
error-throttled = Demasiados intentos fallidos; inténtelo más tarde.
error-internal = Algo salió mal por nuestra parte. No se modificó nada. Inténtelo de nuevo.
error-cross-site = Esta solicitud no procede de una página de Concord y fue rechazada.
error-rate-limited = { $seconds ->
    [one] Demasiadas solicitudes desde su dirección; inténtelo de nuevo dentro de { $seconds } segundo.
   *[other] Demasiadas solicitudes desde su dirección; inténtelo de nuevo dentro de { $seconds } segundos.
}

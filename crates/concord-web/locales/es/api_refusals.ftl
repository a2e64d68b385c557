# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Rechazos de la API a una solicitud completa (issue 19). Borrador de un ingeniero, aún sin revisar por una persona hablante nativa.
api-refusal-method-not-allowed = Esta ruta no admite este método; la cabecera Allow indica los que admite.
api-refusal-too-large = El cuerpo de la solicitud es mayor de lo que admite esta ruta.
api-refusal-too-long = La dirección es más larga de lo que admite el servidor.
api-refusal-unsupported-media-type = El cuerpo debe ser JSON, enviado con Content-Type: application/json.
api-refusal-path-value = no se puede leer en la dirección
api-refusal-query-value = no es un valor que admita este parámetro
error-unavailable = El servicio no puede acceder a su base de datos en este momento. No se ha cambiado nada. Inténtelo de nuevo en un momento.

# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = El registro de auditoría no se ha sellado desde { $since } (UTC) y hay { $waiting } eventos en espera: los accesos no se están haciendo a prueba de manipulaciones. Avise al equipo técnico; el motivo:

# Alarma del testigo de red en la página de inicio de los administradores del sistema (issue 18).
home-audit-witness-alarm = El testigo de auditoría { $witness } no ha cofirmado el registro de auditoría desde { $since } (UTC). Los accesos se siguen registrando y sellando, pero nadie externo puede avalarlos hasta que lo haga. Avise al equipo técnico; el motivo:

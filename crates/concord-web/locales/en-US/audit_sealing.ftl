# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = The audit log has not been sealed since { $since } (UTC) and { $waiting } events are waiting: accesses are not being made tamper-evident. Tell the technical team; the reason:

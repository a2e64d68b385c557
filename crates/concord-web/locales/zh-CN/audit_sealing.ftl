# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = 审计日志自 { $since }（UTC）起未被封存，有 { $waiting } 个事件在等待：访问记录目前无法做到一经篡改即可察觉。请告知技术团队；原因：

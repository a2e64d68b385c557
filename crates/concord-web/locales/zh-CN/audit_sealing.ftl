# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = 审计日志自 { $since }（UTC）起未被封存，有 { $waiting } 个事件等待中：访问记录未能防篡改。请通知技术团队；原因：

# The network witness alarm on system administrators' home pages (issue 18).
home-audit-witness-alarm = The audit witness { $witness } has not cosigned the audit log since { $since } (UTC). Accesses are still recorded and sealed, but no one outside can vouch for them until it does. Tell the technical team; the reason:

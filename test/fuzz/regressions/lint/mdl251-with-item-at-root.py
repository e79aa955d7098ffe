import modal

sb = modal.Sandbox.m()
bs:L(sb.open(h) as f
as
({"a:st
({"a:L
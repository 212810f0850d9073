"""`mopai serve`, `mopai sync`, `mopai net address`: network sync (docs/sync.md, "Network sync").

Registered by `cli.main.build_parser`. The server and the client live in `sync/net/`; their
modules (Starlette, uvicorn, the store) are imported inside the commands (start-up).
"""

from __future__ import annotations

import argparse

from mopai.sync.errors import InputError

from .common import open_store


def cmd_serve(args: argparse.Namespace) -> int:
    from mopai.sync.net import server

    options = server.Options(rate=args.rate, max_body=args.max_body)
    if args.workers < 1:
        raise InputError("--workers 至少为 1", "--workers must be at least 1")
    with open_store(args) as store:
        server.serve(store, args.listen, workers=args.workers, options=options,
                     announce=lambda line: print(line, flush=True))
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from mopai.sync.net import client

    with open_store(args) as store:
        report = client.run(store, server=args.server, wait_seconds=args.wait)
        for line in report.lines():
            print(line)
    return 0 if report.ok else 1


def cmd_net(args: argparse.Namespace) -> int:
    from mopai.sync import meta
    from mopai.sync.net import tls

    with open_store(args) as store:
        if args.net_cmd == "address":
            cert = tls.configure(store, args.url)
            print(f"同步服务地址 Sync address: {store.meta.get(meta.SERVER_URL)}")
            print(f"证书指纹 Certificate SHA-256: {tls.show(cert.fingerprint)}")
            print("此后写出的登记回执都带这个地址和证书 / setup files written from now on carry "
                  "this address and certificate")
            return 0
        if args.net_cmd == "rollover":
            if args.switch:
                cert = tls.switch(store)
                print(f"已换用新证书 Now serving certificate SHA-256: {tls.show(cert.fingerprint)}")
                print("请重启 mopai serve；错过预告的设备须用新的登记回执重新登记 / restart "
                      "`mopai serve`; devices that missed the notice must enrol again from a "
                      "new setup file")
                return 0
            cert = tls.prepare_next(store)
            print(f"新证书已准备 Next certificate SHA-256: {tls.show(cert.fingerprint)}")
            print("此后的回传包和同步服务都会预告它；大多数设备同步过后再运行 mopai net rollover "
                  "--switch / return bundles and the server announce it from now on; once most "
                  "devices have synced, run `mopai net rollover --switch`")
            return 0
        values = store.meta.fresh()
        url, cert = values.get(meta.SERVER_URL), values.get(meta.SERVER_CERT)
        if not url:
            print("没有设置同步服务（只用U盘）/ no sync server set (USB only)")
            return 0
        print(f"同步服务地址 Sync address: {url}")
        print(f"证书指纹 Certificate SHA-256: {tls.show(cert or '')}")
        if values.get(meta.SERVER_CERT_NEXT):
            print(f"下一个证书 Next certificate SHA-256: {tls.show(values[meta.SERVER_CERT_NEXT])}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("serve", parents=[common], help="县：提供网络同步服务 county: serve network "
                       "sync over HTTPS")
    p.add_argument("--listen", required=True, metavar="HOST:PORT",
                   help="监听地址，如 0.0.0.0:8443 where to listen, e.g. 0.0.0.0:8443 (port 0: any)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="服务进程数（大于 1 需要 PostgreSQL）processes (more than 1 needs PostgreSQL)")
    p.add_argument("--rate", type=int, default=600, metavar="N",
                   help="每台设备每分钟最多请求数 requests per device per minute")
    p.add_argument("--max-body", type=int, default=8 * 1024**2, metavar="BYTES",
                   help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("sync", parents=[common], help="村/乡镇：通过网络与县里同步 sync with the "
                       "county over the network")
    p.add_argument("--server", metavar="URL", help="县同步服务地址（默认：登记回执里的）the county "
                   "server's address (default: the one in the setup file)")
    p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                   help="等县里导入的最长时间 how long to wait for the county's import")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("net", parents=[common], help="县：网络同步设置 county: network sync setup")
    net = p.add_subparsers(dest="net_cmd", metavar="ACTION", required=True)
    a = net.add_parser("address", parents=[common], help="设置村里连接的地址 set the address "
                       "devices reach the server at (made into setup files)")
    a.add_argument("url", metavar="URL", help="https://主机:端口 https://HOST:PORT")
    net.add_parser("show", parents=[common], help="显示地址和证书指纹 show address and certificate")
    r = net.add_parser("rollover", parents=[common], help="更换同步证书：先准备新证书并预告，"
                       "再 --switch 换用 replace the server certificate: make and announce the "
                       "next one, then --switch to it")
    r.add_argument("--switch", action="store_true", help="换用已预告的新证书 serve the announced "
                   "next certificate from now on")
    p.set_defaults(func=cmd_net)




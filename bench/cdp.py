"""A minimal Chrome DevTools Protocol client for the benchmarks (needs the
`websocket-client` package: pip install websocket-client)."""
import json
import shutil
import time
import urllib.request

import websocket

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"


class CDP:
    def __init__(self, port):
        for _ in range(100):
            try:
                tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
                page = next(t for t in tabs if t["type"] == "page")
                break
            except Exception:
                time.sleep(0.1)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.n = 0
        self.events = []

    def call(self, method, **params):
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.n:
                return msg.get("result", {})
            self.events.append(msg)

    def eval(self, js):
        r = self.call("Runtime.evaluate", expression=js, awaitPromise=True, returnByValue=True)
        return r.get("result", {}).get("value")

    def wait(self, js, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            if self.eval(js):
                return
            time.sleep(0.02)
        raise TimeoutError(js)

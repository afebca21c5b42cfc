"""Sign a Touchpoint receipt token (docs/RECEIPTS.md) for the QR code on a receipt. Standard library only.

    python3 receipt_token.py demo store-12 T-1001 k1 "$TOUCHPOINT_RECEIPT_SECRET" bill=12.5 payment=card
"""
import base64, hashlib, hmac, json, sys, time

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

def receipt_token(site, touchpoint, txn, kid, secret, till=None, variables=None, issued=None):
    claims = {"k": kid, "s": site, "t": touchpoint, "x": txn, "i": int(issued if issued is not None else time.time())}
    if till:
        claims["l"] = till
    if variables:
        claims["v"] = variables
    signed = "tp1." + b64url(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    signature = hmac.new(secret.encode("utf-8"), signed.encode("ascii"), hashlib.sha256).digest()
    return signed + "." + b64url(signature)

if __name__ == "__main__":
    site, touchpoint, txn, kid, secret, *pairs = sys.argv[1:]
    as_value = lambda v: float(v) if v.replace(".", "", 1).lstrip("-").isdigit() else v
    variables = {k: as_value(v) for k, v in (p.split("=", 1) for p in pairs)}
    print(receipt_token(site, touchpoint, txn, kid, secret, variables=variables or None))

#!/usr/bin/env python3
"""Writes the benchmark corpus (deterministic): a fleet of merchant exports of 2 to 6 plugins,
about one plugin in ten breaking a rule (each Klarna plugin restricted to a market of its own,
unless it breaks klarna-plugins-overlap), a MID registry with an entry per MID (plus unused
ones), one export of tens of thousands of plugins (`big/`) and the same number all serving one
market (`big-overlapping/`: every plugin overlaps every earlier one, that rule's worst case);
and a second shape, `merchants/`: a folder per merchant with its own config and registry (named
differently by some), production and copies of it per environment, endpoints written as URLs by
half of production's plugins, stores named alike across merchants.

usage: gen_corpus.py OUT [--exports 9000] [--registry 75000] [--big 40000] [--merchants 300]"""
import argparse, os, random

REGIONS = [("EU", ["SE", "NO", "FI", "DK", "DE", "AT", "NL"], ["sv-SE", "nb-NO", "fi-FI", "da-DK", "de-DE", "de-AT", "nl-NL"]),
           ("NA", ["US", "CA"], ["en-US", "en-CA"]),
           ("OC", ["AU", "NZ"], ["en-AU", "en-NZ"])]
BREAKS = ["status", "endpoint", "testmode", "image", "country", "locale", "unknown", "url", "uri", "missing", "overlap"]

def plugin(rnd, merchant, index, mid, region, broken, shared_market):
    name, countries, locales = region
    endpoint = name
    lines = {
        "type": "Klarna Payments", "status": "Active", "name": f"Klarna {merchant} {index}",
        "nameInFrontend": "Klarna", "uri": f"klarna-{merchant}-{index}",
        "secret": f"${{KLARNA_SECRET_{merchant.upper().replace('-', '_')}_{index}}}",
        "eStoreId": f"{mid}_{rnd.randrange(16**8):08x}", "klarnaEndpoint": endpoint, "testMode": "No",
        "defaultLocale": rnd.choice(locales), "directCapture": rnd.choice(["Yes", "No", "Store Setting"]),
        "sendProductImages": "Yes", "productImageSize": "standard (0×600 JPEG)", "sendProductUrls": "Yes",
        "frontendPrefix": f"https://{merchant}.example.com/product", "sendProductSizes": "Yes",
    }
    extra = ""
    if broken == "status": lines["status"] = "Inactive"
    elif broken == "endpoint": lines["klarnaEndpoint"] = {"EU": "NA", "NA": "OC", "OC": "EU"}[name]
    elif broken == "testmode": lines["testMode"] = "Yes"
    elif broken == "image": del lines["productImageSize"]
    elif broken == "locale": lines["defaultLocale"] = "en-US" if name != "NA" else "sv-SE"
    elif broken == "unknown": extra = "    sendProductImage: Yes\n"
    elif broken == "url": lines["frontendPrefix"] = f"http://{merchant}.example.com"
    elif broken == "uri": lines["uri"] = "klarna-payments"
    elif broken == "missing": del lines["eStoreId"]
    body = "".join(f"    {k}: {v}\n" for k, v in lines.items()).replace("    type:", "  - type:", 1)
    chosen = rnd.sample(countries, min(len(countries), rnd.randint(1, 3)))
    if broken == "country": chosen.append("JP")
    # Each Klarna plugin serves a market of its own (an "overlap" break shares the one before's);
    # with a shared market every plugin overlaps all earlier ones (the worst case of that rule).
    market = shared_market or f"Market {index - 1 if broken == 'overlap' and index else index}"
    return body + extra + f"    restrictions:\n      markets: [{market}]\n      pricelists: [Default]\n" \
        f"      countries: [{', '.join(chosen)}]\n      languages: [en]\n"

def export(rnd, number, count, mids, shared_market=None):
    merchant = f"m{number:05d}"
    out = [f"# Export of merchant {merchant}\nstore: Merchant {number}\nenvironment: production\nplugins:\n"]
    for index in range(count):
        mid, region = mids[rnd.randrange(len(mids))]
        broken = rnd.choice(BREAKS) if rnd.random() < 0.1 else None
        out.append(plugin(rnd, merchant, index, mid, region, broken, shared_market))
    out.append("  - type: Adyen Drop-In\n    status: Active\n    name: Adyen\n    uri: adyen-%s\n" % merchant)
    return "".join(out)

URLS = {"EU": "https://api.klarna.com/", "NA": "https://api-na.klarna.com", "OC": "https://API-OC.klarna.com/v1"}

def merchant_folder(rnd, out, number, mids):
    """A merchant as support sees one: its config, its registry, an export per environment. The
    other environments are copies of production set for a playground (test mode, a TEST
    endpoint, a playground MID, their own secret), one in ten with a drift (a plugin missing or
    a setting changed)."""
    folder = os.path.join(out, f"merchant-{number:04d}")
    os.makedirs(folder, exist_ok=True)
    own = list({mid: (mid, region) for mid, region in (mids[rnd.randrange(len(mids))] for _ in range(rnd.randint(3, 12)))}.values())
    registry = "mids.yaml" if number % 3 else "klarna-accounts.yaml"
    with open(os.path.join(folder, registry), "w") as f:
        f.write("mids:\n" + "".join(f"  {mid}: {{ region: {region[0]}, environment: live }}\n" for mid, region in own)
                + "".join(f"  P{mid[1:]}: {{ region: {region[0]}, environment: playground }}\n" for mid, region in own))
    with open(os.path.join(folder, ".centra-lint.yaml"), "w") as f:
        f.write(f"midRegistry: {registry}\nexports: ['exports/**/*.yaml']\n")
    os.makedirs(os.path.join(folder, "exports"), exist_ok=True)
    production = export(rnd, number % 50, rnd.randint(2, 8), own)
    for environment in ["production", "staging"] + (["uat"] if number % 4 == 0 else []):
        text = production.replace("environment: production", f"environment: {environment}")
        drift = environment != "production" and rnd.random() < 0.1
        lines = []
        for line in text.splitlines(keepends=True):
            key, _, value = line.strip().lstrip("- ").partition(": ")
            if environment != "production":
                if key == "testMode": line = line.replace(value, "Yes")
                elif key == "klarnaEndpoint" and value in URLS: line = line.replace(value, value + " TEST")
                elif key == "eStoreId": line = line.replace(": K", ": P")
                elif key == "secret": line = line.replace("}", "_" + environment.upper() + "}")
                elif drift and key == "directCapture":
                    line, drift = line.replace(value, "No" if value != "No" else "Yes"), False
            if line.startswith("    klarnaEndpoint: ") and rnd.random() < 0.5 and environment == "production":
                label = line.split(": ", 1)[1].strip()
                line = f"    klarnaEndpoint: {URLS.get(label, label)}\n"
            lines.append(line)
        with open(os.path.join(folder, "exports", f"{environment}.yaml"), "w") as f:
            f.write("".join(lines))

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--exports", type=int, default=9000)
    parser.add_argument("--registry", type=int, default=75000)
    parser.add_argument("--big", type=int, default=40000)
    parser.add_argument("--merchants", type=int, default=300)
    args = parser.parse_args()
    rnd = random.Random(20261126)
    mids = [(f"K{500000 + i}", REGIONS[0 if i % 10 < 7 else (1 if i % 10 < 9 else 2)]) for i in range(args.registry)]
    os.makedirs(os.path.join(args.out, "fleet"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "big"), exist_ok=True)
    with open(os.path.join(args.out, "mids.yaml"), "w") as f:
        f.write("mids:\n" + "".join(f"  {mid}: {{ region: {region[0]}, environment: live }}\n" for mid, region in mids))
    for number in range(args.exports):
        with open(os.path.join(args.out, "fleet", f"merchant-{number:05d}.yaml"), "w") as f:
            f.write(export(rnd, number, rnd.randint(1, 5), mids))
    with open(os.path.join(args.out, "big", "big-store.yaml"), "w") as f:
        f.write(export(rnd, 99999, args.big, mids))
    os.makedirs(os.path.join(args.out, "big-overlapping"), exist_ok=True)
    with open(os.path.join(args.out, "big-overlapping", "big-store.yaml"), "w") as f:
        f.write(export(random.Random(20261203), 99998, args.big, mids, shared_market="Main"))
    for number in range(args.merchants):
        merchant_folder(rnd, os.path.join(args.out, "merchants"), number, mids)

if __name__ == "__main__":
    main()

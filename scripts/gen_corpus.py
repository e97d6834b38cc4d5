#!/usr/bin/env python3
"""Writes the benchmark corpus (deterministic): a fleet of merchant exports of 2 to 6 plugins,
about one plugin in ten breaking a rule, a MID registry with an entry per MID (plus unused
ones), and one export of tens of thousands of plugins; and a second shape, `merchants/`: a
folder per merchant with its own config and registry (named differently by some), exports per
environment, endpoints written as URLs by half the plugins, stores named alike across merchants.

usage: gen_corpus.py OUT [--exports 9000] [--registry 75000] [--big 40000] [--merchants 300]"""
import argparse, os, random

REGIONS = [("EU", ["SE", "NO", "FI", "DK", "DE", "AT", "NL"], ["sv-SE", "nb-NO", "fi-FI", "da-DK", "de-DE", "de-AT", "nl-NL"]),
           ("NA", ["US", "CA"], ["en-US", "en-CA"]),
           ("OC", ["AU", "NZ"], ["en-AU", "en-NZ"])]
BREAKS = ["status", "endpoint", "testmode", "image", "country", "locale", "unknown", "url", "uri", "missing"]

def plugin(rnd, merchant, index, mid, region, broken, used_uris):
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
    return body + extra + "    restrictions:\n      markets: [Main]\n      pricelists: [Default]\n" \
        f"      countries: [{', '.join(chosen)}]\n      languages: [en]\n"

def export(rnd, number, count, mids):
    merchant = f"m{number:05d}"
    out = [f"# Export of merchant {merchant}\nstore: Merchant {number}\nenvironment: production\nplugins:\n"]
    for index in range(count):
        mid, region = mids[rnd.randrange(len(mids))]
        broken = rnd.choice(BREAKS) if rnd.random() < 0.1 else None
        out.append(plugin(rnd, merchant, index, mid, region, broken, None))
    out.append("  - type: Adyen Drop-In\n    status: Active\n    name: Adyen\n    uri: adyen-%s\n" % merchant)
    return "".join(out)

URLS = {"EU": "https://api.klarna.com/", "NA": "https://api-na.klarna.com", "OC": "https://API-OC.klarna.com/v1"}

def merchant_folder(rnd, out, number, mids):
    """A merchant as support sees one: its config, its registry, an export per environment."""
    folder = os.path.join(out, f"merchant-{number:04d}")
    os.makedirs(folder, exist_ok=True)
    own = list({mid: (mid, region) for mid, region in (mids[rnd.randrange(len(mids))] for _ in range(rnd.randint(3, 12)))}.values())
    registry = "mids.yaml" if number % 3 else "klarna-accounts.yaml"
    with open(os.path.join(folder, registry), "w") as f:
        f.write("mids:\n" + "".join(f"  {mid}: {{ region: {region[0]}, environment: live }}\n" for mid, region in own))
    with open(os.path.join(folder, ".centra-lint.yaml"), "w") as f:
        f.write(f"midRegistry: {registry}\nexports: ['exports/**/*.yaml']\n")
    os.makedirs(os.path.join(folder, "exports"), exist_ok=True)
    for environment in ["production", "staging"] + (["uat"] if number % 4 == 0 else []):
        text = export(rnd, number % 50, rnd.randint(2, 8), own).replace("environment: production", f"environment: {environment}")
        lines = []
        for line in text.splitlines(keepends=True):
            if line.startswith("    klarnaEndpoint: ") and rnd.random() < 0.5:
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
    for number in range(args.merchants):
        merchant_folder(rnd, os.path.join(args.out, "merchants"), number, mids)

if __name__ == "__main__":
    main()

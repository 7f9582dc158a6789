"""The same token request and list read as Ping, with Python's urllib, for comparison.

Reads the action context from standard input, parses the list as JSON and prints one line.
"""

import json
import sys
import urllib.parse
import urllib.request

context = json.load(sys.stdin)
config = context["integration_configuration"]
root = config["API Root"].rstrip("/")

form = urllib.parse.urlencode(
    {
        "grant_type": "client_credentials",
        "client_id": config["Client ID"],
        "client_secret": config["Client Secret"],
    }
).encode()
token_request = urllib.request.Request(
    f"{root}/v1/token",
    data=form,
    headers={"Content-Type": "application/x-www-form-urlencoded"},
    method="POST",
)
with urllib.request.urlopen(token_request, timeout=30) as response:
    access_token = json.load(response)["access_token"]

query = urllib.parse.urlencode({"clusterId": config["Cluster ID"]})
list_request = urllib.request.Request(
    f"{root}/api/v1/emailProtection/modules/spam/orgBlockList?{query}",
    headers={"Accept": "application/json", "Authorization": f"Bearer {access_token}"},
)
with urllib.request.urlopen(list_request, timeout=30) as response:
    entries = json.load(response)["entries"]

print(json.dumps({"entries": len(entries)}))

// Validates Kubernetes objects against the published schemas of their kind and version:
// kubernetes-models (Kubernetes 1.36), @kubernetes-models/gateway-api (Gateway API v1, generated from
// the experimental channel, so SchemaTest also keeps routes to standard fields) and
// @kubernetes-models/gke (GKE's networking.gke.io policies).
//
// Input on stdin: a JSON array of objects. Output on stdout: a JSON array with, for each object, the
// list of its errors (empty when it is valid).
//
// The packages' validators check types, formats, enums and required fields but accept any field
// they do not know, so a misspelt field (`imagePullPolcy`) would pass and the API server would drop
// or reject it later. Every object is therefore read through a proxy that records which fields the
// validator looked at: the validator reads every field its schema defines, and iterates over every
// key of a map, so a key that nobody read is a field the schema does not have.

const MODEL_PACKAGES = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api/gateway.networking.k8s.io",
  "networking.gke.io": "@kubernetes-models/gke/networking.gke.io",
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const base = MODEL_PACKAGES[group] ?? (group === "" ? "kubernetes-models" : `kubernetes-models/${group}`);
  try {
    const module = await import(`${base}/${version}/${kind}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function recording(value, path, visited) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const read = new Set();
  visited.push({ path, value, read });
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string") {
        return child;
      }
      read.add(key);
      if (child === null || typeof child !== "object") {
        return child;
      }
      if (!children.has(key)) {
        children.set(key, recording(child, `${path}/${key}`, visited));
      }
      return children.get(key);
    },
  });
}

async function errorsOf(object) {
  const model = await modelFor(object.apiVersion ?? "", object.kind ?? "");
  if (!model) {
    return [`no schema for apiVersion ${object.apiVersion} kind ${object.kind}`];
  }
  const errors = [];
  const visited = [];
  try {
    model.prototype.validate.call(recording(object, "", visited));
  } catch (error) {
    errors.push(error.message);
  }
  for (const { path, value, read } of visited) {
    if (Array.isArray(value)) {
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!read.has(key)) {
        errors.push(`${path}/${key}: unknown field`);
      }
    }
  }
  return errors;
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const objects = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const object of objects) {
  results.push(await errorsOf(object));
}
process.stdout.write(JSON.stringify(results));

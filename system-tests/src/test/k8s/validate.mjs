// Validates Kubernetes objects against the published schemas of their kind and version:
// kubernetes-models (Kubernetes 1.36), @kubernetes-models/gateway-api (Gateway API v1, generated from
// the experimental channel, so SchemaTest also keeps routes to standard fields) and
// @kubernetes-models/gke (GKE's networking.gke.io policies), @kubernetes-models/prometheus-operator (the
// Prometheus Operator's monitoring.coreos.com kinds). No published package carries Google Managed Prometheus
// (monitoring.googleapis.com), so its PodMonitoring is checked against the field list of GMP's API reference
// below (gmpPodMonitoringErrors): known fields only, the required ones present.
//
// A schema is no proof that a cluster serves the version: kubernetes-models merges the specs of older
// Kubernetes releases into 1.36's so that it can still describe removed APIs (policy/v1beta1,
// autoscaling/v2beta2, extensions/v1beta1, ...), and the Gateway API and GKE packages ship alpha and beta
// versions. So an object must first use a version the target serves (see servedError).
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
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator/monitoring.coreos.com",
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

// Kubernetes 1.36 serves, by default, only the GA versions of its built-in groups: the last beta that
// was on by default (flowcontrol.apiserver.k8s.io/v1beta3) was removed in 1.32, betas added since 1.24
// are off by default, alphas always are. Every beta version kubernetes-models ships is a removed one.
const KUBERNETES = "1.36";
const GA_VERSION = /^v[0-9]+$/;

// The CRD groups whose kinds this project uses, with the one version it accepts for them: Gateway API's
// standard channel serves Gateway, GatewayClass and HTTPRoute as v1, and GKE serves HealthCheckPolicy
// and GCPBackendPolicy as networking.gke.io/v1 (the packages' alpha and beta versions are either
// experimental or older than what GKE serves).
const REQUIRED_VERSIONS = {
  "gateway.networking.k8s.io": ["v1", "Gateway API kinds"],
  "networking.gke.io": ["v1", "GKE networking kinds"],
  "monitoring.coreos.com": ["v1", "Prometheus Operator kinds"],
  "monitoring.googleapis.com": ["v1", "Google Managed Prometheus kinds"],
};

// monitoring.googleapis.com/v1 PodMonitoring, from the field list of GMP's API reference (doc/api.md of
// GoogleCloudPlatform/prometheus-engine): every object's allowed fields, and which are required.
const GMP_FIELDS = {
  "": [["apiVersion", "kind", "metadata", "spec"], ["apiVersion", "kind", "metadata", "spec"]],
  "/spec": [["selector", "endpoints", "targetLabels", "limits", "filterRunning"], ["selector", "endpoints"]],
  "/spec/selector": [["matchLabels", "matchExpressions"], []],
  "/spec/selector/matchExpressions/*": [["key", "operator", "values"], ["key", "operator"]],
  "/spec/endpoints/*": [["port", "scheme", "path", "params", "interval", "timeout", "metricRelabeling", "proxyUrl",
    "authorization", "basicAuth", "tls", "oauth2"], ["port"]],
  "/spec/targetLabels": [["metadata", "fromPod"], []],
  "/spec/targetLabels/fromPod/*": [["from", "to"], ["from"]],
};

function gmpPodMonitoringErrors(object) {
  const errors = [];
  const walk = (value, path, pattern) => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}/${index}`, `${pattern}/*`));
      return;
    }
    if (value === null || typeof value !== "object") {
      return;
    }
    const fields = GMP_FIELDS[pattern];
    if (fields) {
      const [allowed, required] = fields;
      for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
          errors.push(`${path}/${key}: unknown field`);
        }
      }
      for (const key of required) {
        if (!(key in value)) {
          errors.push(`${path || "/"}: ${key} is required`);
        }
      }
    }
    if (pattern === "/metadata" || pattern.endsWith("/matchLabels") || pattern.endsWith("/params")) {
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      walk(child, `${path}/${key}`, `${pattern}/${key}`);
    }
  };
  walk(object, "", "");
  if ((object.spec?.endpoints ?? []).length === 0) {
    errors.push("/spec/endpoints: at least one endpoint is required");
  }
  return errors;
}

async function servedError(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const required = REQUIRED_VERSIONS[group];
  if (required) {
    const [only, what] = required;
    return version === only ? undefined : `apiVersion ${apiVersion} kind ${kind}: ${what} must be ${group}/${only}`;
  }
  if (GA_VERSION.test(version)) {
    return undefined;
  }
  const prefix = group === "" ? "" : `${group}/`;
  const served = [];
  for (const candidate of ["v1", "v2", "v3"]) {
    if (await modelFor(`${prefix}${candidate}`, kind)) {
      served.push(`${prefix}${candidate}`);
    }
  }
  const instead = served.length === 0 ? "" : `: use ${served.at(-1)}`;
  return `apiVersion ${apiVersion} kind ${kind} is not served by Kubernetes ${KUBERNETES}${instead}`;
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
  const unserved = await servedError(object.apiVersion ?? "", object.kind ?? "");
  if (unserved) {
    return [unserved];
  }
  if (object.apiVersion === "monitoring.googleapis.com/v1" && object.kind === "PodMonitoring") {
    return gmpPodMonitoringErrors(object);
  }
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

"""Static checks of the deployment files in infra/ (no Docker engine, no cluster needed).

* every Kubernetes object in infra/k8s validates against the official schemas
  (kubernetes_validate, strict mode: unknown fields are errors);
* the manifests say what matters operationally: probes on the real health routes,
  non-root containers, the HPA aimed at the API Deployment, the migration Job running
  `orbit migrate`, secrets only by reference, one image for every workload;
* the compose file parses and its services, env file, commands and health checks agree
  with each other and with the image;
* the Dockerfile, its ignore file, the kustomization and docs/deployment.md stay in step
  with the rest.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
INFRA = REPO / "infra"
K8S = INFRA / "k8s"
DOCKERFILE = INFRA / "Dockerfile"
DOCKERIGNORE = INFRA / "Dockerfile.dockerignore"
COMPOSE = INFRA / "docker-compose.yml"
ENV_EXAMPLE = INFRA / "orbit.env.example"
DEPLOYMENT_DOC = REPO / "docs" / "deployment.md"

# Schemas shipped by kubernetes_validate 1.37: 1.25 .. 1.37. Validate against the newest
# and against an older minor still common on managed clusters.
KUBERNETES_VERSIONS = ("1.33", "1.37")

API_DEPLOYMENT = "orbit-api"
WORKER_DEPLOYMENT = "orbit-worker"
MIGRATION_JOB = "orbit-migrate"
CONFIGMAP = "orbit-config"
SECRET = "orbit-secrets"
SECRET_KEYS_REQUIRED = {
    "database-url",
    "app-database-url",
    "jwt-secret",
    "smtp-password",
    "metrics-token",
}
IMAGE_UID = 10001
API_PORT = 8000
WORKER_METRICS_PORT = 9100

# Every setting the application reads from the environment (operators' table).
ORBIT_SETTINGS = (
    "ORBIT_DATABASE_URL",
    "ORBIT_APP_DATABASE_URL",
    "ORBIT_APP_ROLE_PASSWORD",
    "ORBIT_REDIS_URL",
    "ORBIT_JWT_SECRET",
    "ORBIT_PUBLIC_URL",
    "ORBIT_ENVIRONMENT",
    "ORBIT_SMTP_HOST",
    "ORBIT_SMTP_PORT",
    "ORBIT_SMTP_USERNAME",
    "ORBIT_SMTP_PASSWORD",
    "ORBIT_MAIL_FROM",
    "ORBIT_LOG_LEVEL",
    "ORBIT_WORKER_METRICS_PORT",
    "ORBIT_FRONTEND_DIST",
    "ORBIT_FORWARDED_ALLOW_IPS",
    "ORBIT_METRICS_TOKEN",
    "ORBIT_HSTS_MAX_AGE_SECONDS",
)
SECRET_SETTINGS = (
    "ORBIT_DATABASE_URL",
    "ORBIT_APP_DATABASE_URL",
    "ORBIT_APP_ROLE_PASSWORD",
    "ORBIT_JWT_SECRET",
    "ORBIT_SMTP_PASSWORD",
    "ORBIT_METRICS_TOKEN",
)


# --------------------------------------------------------------------------- helpers


def load_yaml_documents(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


def is_kubernetes_object(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("apiVersion"), str)
        and isinstance(doc.get("kind"), str)
        and not doc["apiVersion"].startswith("kustomize.config.k8s.io/")
    )


def manifest_files() -> list[Path]:
    return sorted(p for p in K8S.glob("*.y*ml") if p.name != "kustomization.yaml")


def k8s_objects(include_examples: bool = True) -> list[tuple[Path, dict[str, Any]]]:
    objects = []
    for path in manifest_files():
        if not include_examples and ".example." in path.name:
            continue
        objects.extend(
            (path, doc) for doc in load_yaml_documents(path) if is_kubernetes_object(doc)
        )
    return objects


def deployed_objects() -> list[dict[str, Any]]:
    """The objects that `kubectl apply -k infra/k8s` creates (the example Secret is not)."""
    return [doc for _, doc in k8s_objects(include_examples=False)]


def find(kind: str, name: str) -> dict[str, Any]:
    matches = [d for d in deployed_objects() if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected exactly one {kind}/{name}, found {len(matches)}"
    return matches[0]


def pod_spec(obj: dict[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


def workloads() -> list[dict[str, Any]]:
    return [d for d in deployed_objects() if d["kind"] in {"Deployment", "StatefulSet", "Job"}]


def all_containers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [*spec.get("initContainers", []), *spec["containers"]]


def only_container(obj: dict[str, Any]) -> dict[str, Any]:
    containers = pod_spec(obj)["containers"]
    assert len(containers) == 1, f"{obj['metadata']['name']} should run one container"
    return containers[0]


def container_argv(container: dict[str, Any]) -> list[str]:
    return [*container.get("command", []), *container.get("args", [])]


def resolve_port(container: dict[str, Any], port: int | str) -> int:
    if isinstance(port, int):
        return port
    named = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    assert port in named, f"port name {port!r} is not declared by container {container['name']}"
    return named[port]


def selector_matches(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def env_values(container: dict[str, Any]) -> dict[str, str]:
    """Environment variable -> literal value, for those the container sets directly."""
    return {env["name"]: env["value"] for env in container.get("env", []) if "value" in env}


def trusted_proxy_networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """ORBIT_FORWARDED_ALLOW_IPS as networks: addresses or CIDRs only. "*" would make uvicorn
    take the leftmost X-Forwarded-For entry, which a client can write itself."""
    entries = [entry.strip() for entry in value.split(",")]
    assert "*" not in entries, "name the proxies; * believes whatever a client forwards"
    return [ipaddress.ip_network(entry) for entry in entries]


def secret_refs(container: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Environment variable -> (secret name, key) for every secretKeyRef."""
    refs = {}
    for env in container.get("env", []):
        ref = env.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            refs[env["name"]] = (ref["name"], ref["key"])
    return refs


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=VALUE: {raw!r}"
        assert key == key.strip() and re.fullmatch(r"[A-Z][A-Z0-9_]*", key), key
        assert not value.startswith(("'", '"')), f"{key}: keep values unquoted and literal"
        assert "$" not in value, f"{key}: compose env files do not want $ in values"
        values[key] = value
    return values


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def compose_services() -> dict[str, dict[str, Any]]:
    services = compose()["services"]
    assert isinstance(services, dict)
    return services


def compose_argv(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    if isinstance(command, str):
        return shlex.split(command)
    assert isinstance(command, list), "set command explicitly for every Orbit service"
    return [str(part) for part in command]


def compose_env_files(service: dict[str, Any]) -> list[tuple[Path, bool]]:
    entries = service.get("env_file", [])
    if isinstance(entries, str):
        entries = [entries]
    files = []
    for entry in entries:
        if isinstance(entry, str):
            files.append((INFRA / entry, True))
        else:
            files.append((INFRA / entry["path"], entry.get("required", True)))
    return files


def orbit_services() -> dict[str, dict[str, Any]]:
    """Compose services that run the Orbit image (their command starts with `orbit`)."""
    return {
        name: svc
        for name, svc in compose_services().items()
        if "command" in svc and compose_argv(svc)[:1] == ["orbit"]
    }


def compose_env() -> dict[str, str]:
    return read_env_file(ENV_EXAMPLE)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, rest = line.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    assert not pending, "Dockerfile ends inside a continued line"
    return instructions


def dockerfile_stages() -> list[dict[str, Any]]:
    """Stages with their resolved base image, alias and instructions."""
    global_args: dict[str, str] = {}
    stages: list[dict[str, Any]] = []
    for keyword, rest in dockerfile_instructions():
        if keyword == "ARG" and not stages:
            name, _, default = rest.partition("=")
            global_args[name] = default
        elif keyword == "FROM":
            parts = rest.split()
            image = re.sub(r"\$\{(\w+)\}", lambda m: global_args[m.group(1)], parts[0])
            alias = parts[2] if len(parts) == 3 and parts[1].upper() == "AS" else None
            stages.append({"image": image, "alias": alias, "instructions": []})
        else:
            assert stages, f"{keyword} before the first FROM"
            stages[-1]["instructions"].append((keyword, rest))
    return stages


def stage_values(stage: dict[str, Any], keyword: str) -> list[str]:
    return [rest for kw, rest in stage["instructions"] if kw == keyword]


def stage_env(stage: dict[str, Any]) -> dict[str, str]:
    env = {}
    for rest in stage_values(stage, "ENV"):
        for token in shlex.split(rest):
            key, _, value = token.partition("=")
            env[key] = value
    return env


def copy_parts(rest: str) -> tuple[dict[str, str], list[str], str]:
    tokens = rest.split()
    flags = {}
    while tokens and tokens[0].startswith("--"):
        key, _, value = tokens.pop(0)[2:].partition("=")
        flags[key] = value
    return flags, tokens[:-1], tokens[-1]


# ------------------------------------------------------------ kubernetes: schema validity


def _validation_cases() -> Iterator[Any]:
    for path, doc in k8s_objects():
        for version in KUBERNETES_VERSIONS:
            yield pytest.param(
                doc,
                version,
                id=f"{path.name}:{doc['kind']}/{doc.get('metadata', {}).get('name')}@{version}",
            )


def test_manifest_directory_holds_the_expected_objects() -> None:
    kinds = {(d["kind"], d["metadata"]["name"]) for _, d in k8s_objects()}
    assert kinds >= {
        ("ConfigMap", CONFIGMAP),
        ("Secret", SECRET),
        ("Deployment", API_DEPLOYMENT),
        ("Service", API_DEPLOYMENT),
        ("HorizontalPodAutoscaler", API_DEPLOYMENT),
        ("PodDisruptionBudget", API_DEPLOYMENT),
        ("Deployment", WORKER_DEPLOYMENT),
        ("Job", MIGRATION_JOB),
    }


def test_validator_ships_the_pinned_kubernetes_versions() -> None:
    shipped = kubernetes_validate.utils.all_versions()
    for version in KUBERNETES_VERSIONS:
        assert any(v.startswith(version + ".") for v in shipped), (version, shipped)


@pytest.mark.parametrize(("doc", "version"), list(_validation_cases()))
def test_manifest_is_valid_kubernetes(doc: dict[str, Any], version: str) -> None:
    # Raises ValidationError on a schema violation (unknown fields too: strict) and
    # SchemaNotFoundError on an apiVersion/kind this Kubernetes version does not serve.
    validated = kubernetes_validate.validate(doc, version, strict=True)
    # The library silently falls back to an older schema set; make sure it did not.
    assert validated == version


def test_validation_rejects_a_broken_manifest() -> None:
    """The schema check above is live: a typo'd field and a wrong type are both caught."""
    deployment = json.loads(json.dumps(find("Deployment", API_DEPLOYMENT)))
    kubernetes_validate.validate(deployment, KUBERNETES_VERSIONS[-1], strict=True)

    typo = json.loads(json.dumps(deployment))
    typo["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(typo, KUBERNETES_VERSIONS[-1], strict=True)

    wrong_type = json.loads(json.dumps(deployment))
    wrong_type["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(wrong_type, KUBERNETES_VERSIONS[-1], strict=True)


def test_manifests_are_namespace_agnostic() -> None:
    for path, doc in k8s_objects():
        assert "namespace" not in doc["metadata"], f"{path.name}: drop metadata.namespace"
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert "namespace" not in kustomization, "the base sets no namespace; overlays do"


# --------------------------------------------------------------- kubernetes: behaviour


def test_api_probes_point_at_the_real_health_routes() -> None:
    container = only_container(find("Deployment", API_DEPLOYMENT))
    liveness = container["livenessProbe"]["httpGet"]
    readiness = container["readinessProbe"]["httpGet"]
    assert liveness["path"] == "/health/live"
    assert readiness["path"] == "/health/ready"
    assert resolve_port(container, liveness["port"]) == API_PORT
    assert resolve_port(container, readiness["port"]) == API_PORT
    if "startupProbe" in container:
        startup = container["startupProbe"]["httpGet"]
        # Startup must not wait on PostgreSQL/Redis, or a database blip kills new pods.
        assert startup["path"] == "/health/live"
        assert resolve_port(container, startup["port"]) == API_PORT


def test_api_serves_on_the_probed_port() -> None:
    container = only_container(find("Deployment", API_DEPLOYMENT))
    argv = container_argv(container)
    assert argv[:2] == ["orbit", "serve"]
    assert argv[argv.index("--host") + 1] == "0.0.0.0"
    assert int(argv[argv.index("--port") + 1]) == API_PORT
    assert resolve_port(container, "http") == API_PORT


def test_worker_runs_the_worker_with_its_metrics_port() -> None:
    worker = find("Deployment", WORKER_DEPLOYMENT)
    container = only_container(worker)
    # The metrics server listens on 127.0.0.1 by default; Prometheus and the probe come to
    # the pod's address.
    assert container_argv(container) == ["orbit", "worker", "--metrics-host", "0.0.0.0"]
    assert resolve_port(container, "metrics") == WORKER_METRICS_PORT
    config = find("ConfigMap", CONFIGMAP)["data"]
    assert int(config["ORBIT_WORKER_METRICS_PORT"]) == WORKER_METRICS_PORT
    liveness = container["livenessProbe"]["httpGet"]
    assert resolve_port(container, liveness["port"]) == WORKER_METRICS_PORT
    assert worker["spec"].get("replicas", 1) >= 2, "run more than one worker"


def test_api_trusts_named_proxies_and_guards_its_metrics_with_a_secret_token() -> None:
    container = only_container(find("Deployment", API_DEPLOYMENT))
    proxies = env_values(container).get("ORBIT_FORWARDED_ALLOW_IPS")
    assert proxies, "set the ingress controller's addresses for X-Forwarded-For"
    assert all(network.is_private for network in trusted_proxy_networks(proxies)), proxies
    assert secret_refs(container)["ORBIT_METRICS_TOKEN"] == (SECRET, "metrics-token")


def test_migration_job_runs_orbit_migrate_once() -> None:
    job = find("Job", MIGRATION_JOB)
    container = only_container(job)
    assert container_argv(container) == ["orbit", "migrate"]
    assert pod_spec(job)["restartPolicy"] in {"Never", "OnFailure"}
    assert job["spec"].get("backoffLimit", 6) <= 6
    assert "activeDeadlineSeconds" in job["spec"], "a stuck migration must not hang forever"
    refs = secret_refs(container)
    assert refs["ORBIT_DATABASE_URL"] == (SECRET, "database-url")
    assert refs["ORBIT_APP_ROLE_PASSWORD"][0] == SECRET


def test_owner_credentials_reach_only_the_migration_job() -> None:
    """API and worker connect as the unprivileged role; only migrations hold the owner URL."""
    for name in (API_DEPLOYMENT, WORKER_DEPLOYMENT):
        container = only_container(find("Deployment", name))
        refs = secret_refs(container)
        assert refs.get("ORBIT_APP_DATABASE_URL") == (SECRET, "app-database-url"), name
        assert refs.get("ORBIT_JWT_SECRET") == (SECRET, "jwt-secret"), name
        assert "ORBIT_DATABASE_URL" not in refs, name
        assert (SECRET, "database-url") not in refs.values(), name
        assert "ORBIT_DATABASE_URL" not in {e["name"] for e in container.get("env", [])}, name


def test_every_container_runs_as_non_root() -> None:
    assert {w["metadata"]["name"] for w in workloads()} >= {
        API_DEPLOYMENT,
        WORKER_DEPLOYMENT,
        MIGRATION_JOB,
    }
    for workload in workloads():
        name = workload["metadata"]["name"]
        spec = pod_spec(workload)
        pod_ctx = spec.get("securityContext", {})
        for container in all_containers(spec):
            ctx = container.get("securityContext", {})
            run_as_non_root = ctx.get("runAsNonRoot", pod_ctx.get("runAsNonRoot"))
            run_as_user = ctx.get("runAsUser", pod_ctx.get("runAsUser"))
            assert run_as_non_root is True, f"{name}/{container['name']}: runAsNonRoot"
            assert run_as_user == IMAGE_UID, f"{name}/{container['name']}: runAsUser"
            assert ctx.get("allowPrivilegeEscalation") is False, name
            assert ctx.get("privileged", False) is False, name
            assert ctx.get("readOnlyRootFilesystem") is True, name
            assert "ALL" in ctx.get("capabilities", {}).get("drop", []), name
            assert not ctx.get("capabilities", {}).get("add"), name
        assert spec.get("automountServiceAccountToken") is False, name
        assert spec.get("hostNetwork", False) is False, name


def test_read_only_containers_get_a_writable_tmp() -> None:
    for workload in workloads():
        spec = pod_spec(workload)
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for container in all_containers(spec):
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, f"{workload['metadata']['name']}: mount /tmp"
            for volume_name in mounts.values():
                assert volume_name in volumes, f"undeclared volume {volume_name}"
            assert "emptyDir" in volumes[mounts["/tmp"]]


def test_data_dir_is_writable_where_it_is_configured() -> None:
    data_dir = find("ConfigMap", CONFIGMAP)["data"].get("ORBIT_DATA_DIR")
    assert data_dir, "ORBIT_DATA_DIR must point at a mounted volume under a read-only root"
    for name in (API_DEPLOYMENT, WORKER_DEPLOYMENT):
        container = only_container(find("Deployment", name))
        assert data_dir in {m["mountPath"] for m in container.get("volumeMounts", [])}, name


def test_every_container_declares_resources() -> None:
    for workload in workloads():
        for container in all_containers(pod_spec(workload)):
            resources = container.get("resources", {})
            for section in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(section, {})), (
                    f"{workload['metadata']['name']}/{container['name']}: {section}"
                )


def test_hpa_targets_the_api_deployment() -> None:
    hpa = find("HorizontalPodAutoscaler", API_DEPLOYMENT)
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert target == {"apiVersion": "apps/v1", "kind": "Deployment", "name": API_DEPLOYMENT}
    api = find("Deployment", API_DEPLOYMENT)
    # The HPA owns the replica count; a fixed `replicas` would be reset on every apply.
    assert "replicas" not in api["spec"]
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    cpu = [
        m
        for m in hpa["spec"]["metrics"]
        if m["type"] == "Resource" and m["resource"]["name"] == "cpu"
    ]
    assert cpu and cpu[0]["resource"]["target"]["type"] == "Utilization"
    # Utilization is measured against the request: the API must request CPU.
    assert "cpu" in only_container(api)["resources"]["requests"]


def test_service_and_pdb_select_api_pods_only() -> None:
    api_labels = find("Deployment", API_DEPLOYMENT)["spec"]["template"]["metadata"]["labels"]
    other_labels = [
        w["spec"]["template"]["metadata"].get("labels", {})
        for w in workloads()
        if w["metadata"]["name"] != API_DEPLOYMENT
    ]
    api_selector = find("Deployment", API_DEPLOYMENT)["spec"]["selector"]["matchLabels"]
    assert selector_matches(api_selector, api_labels)

    service = find("Service", API_DEPLOYMENT)
    pdb = find("PodDisruptionBudget", API_DEPLOYMENT)
    for selector in (service["spec"]["selector"], pdb["spec"]["selector"]["matchLabels"]):
        assert selector_matches(selector, api_labels)
        for labels in other_labels:
            assert not selector_matches(selector, labels), (selector, labels)

    container = only_container(find("Deployment", API_DEPLOYMENT))
    (port,) = service["spec"]["ports"]
    assert resolve_port(container, port["targetPort"]) == API_PORT

    hpa = find("HorizontalPodAutoscaler", API_DEPLOYMENT)
    min_available = pdb["spec"]["minAvailable"]
    # With minAvailable >= the smallest replica count, a node drain could never proceed.
    assert isinstance(min_available, int) and 1 <= min_available < hpa["spec"]["minReplicas"]


def test_graceful_shutdown_is_configured() -> None:
    api = find("Deployment", API_DEPLOYMENT)
    container = only_container(api)
    pre_stop = container["lifecycle"]["preStop"]
    if "sleep" in pre_stop:
        pause = int(pre_stop["sleep"]["seconds"])
    else:
        argv = pre_stop["exec"]["command"]
        assert argv[0] == "sleep", argv
        pause = int(argv[1])
    grace = pod_spec(api)["terminationGracePeriodSeconds"]
    # The pause comes out of the grace period; leave uvicorn at least 20 s to drain.
    assert grace >= pause + 20
    assert api["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    worker = find("Deployment", WORKER_DEPLOYMENT)
    assert pod_spec(worker)["terminationGracePeriodSeconds"] > 30, "longer than a job timeout"


def test_prometheus_annotations_match_the_metrics_ports() -> None:
    for name, port_name in ((API_DEPLOYMENT, "http"), (WORKER_DEPLOYMENT, "metrics")):
        deployment = find("Deployment", name)
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true"
        assert annotations["prometheus.io/path"] == "/metrics"
        container = only_container(deployment)
        assert int(annotations["prometheus.io/port"]) == resolve_port(container, port_name)


def test_secrets_are_referenced_not_shipped() -> None:
    deployed_kinds = {d["kind"] for d in deployed_objects()}
    assert "Secret" not in deployed_kinds, "no Secret values in the applied manifests"

    (example,) = load_yaml_documents(K8S / "secret.example.yaml")
    assert example["kind"] == "Secret"
    assert example["metadata"]["name"] == SECRET
    example_keys = set(example.get("stringData", {})) | set(example.get("data", {}))
    assert example_keys >= SECRET_KEYS_REQUIRED

    referenced: set[str] = set()
    for workload in workloads():
        spec = pod_spec(workload)
        for container in all_containers(spec):
            for env_name, (secret_name, key) in secret_refs(container).items():
                assert secret_name == SECRET, env_name
                referenced.add(key)
            for source in container.get("envFrom", []):
                assert "secretRef" not in source, "reference secret keys one by one"
                assert source["configMapRef"]["name"] == CONFIGMAP
            for env in container.get("env", []):
                if env["name"] in SECRET_SETTINGS:
                    assert "value" not in env, f"{env['name']} must come from the Secret"
    assert referenced <= example_keys, referenced - example_keys
    assert referenced >= SECRET_KEYS_REQUIRED, SECRET_KEYS_REQUIRED - referenced


def test_configmap_holds_only_non_secret_settings() -> None:
    data = find("ConfigMap", CONFIGMAP)["data"]
    for key in data:
        assert key.startswith("ORBIT_"), key
        assert key not in SECRET_SETTINGS, f"{key} belongs in the Secret"
        assert not re.search(r"PASSWORD|SECRET|TOKEN", key), key
    for key, value in data.items():
        assert isinstance(value, str), f"{key}: ConfigMap values must be strings"
        parsed = urlsplit(value)
        assert parsed.password is None, f"{key} carries a password"
    assert data["ORBIT_ENVIRONMENT"] == "production"
    assert data["ORBIT_REDIS_URL"].startswith(("redis://", "rediss://"))


def test_one_image_for_every_workload() -> None:
    images = {
        container["image"]
        for workload in workloads()
        for container in all_containers(pod_spec(workload))
    }
    assert len(images) == 1, images
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert {entry["name"] for entry in kustomization.get("images", [])} == images


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert kustomization["kind"] == "Kustomization"
    resources = kustomization["resources"]
    assert len(resources) == len(set(resources)), "duplicate resources"
    for resource in resources:
        assert (K8S / resource).is_file(), f"{resource} listed but missing"
    applied = {p.name for p in manifest_files() if ".example." not in p.name}
    assert set(resources) == applied
    assert "secret.example.yaml" not in resources, "the example Secret must never be applied"


# ------------------------------------------------------------------------ docker compose


def test_compose_has_the_expected_services() -> None:
    services = compose_services()
    assert set(services) >= {"postgres", "redis", "mailpit", "migrate", "api", "worker"}
    assert services["postgres"]["image"].split(":")[1].split(".")[0] == "16"
    assert services["redis"]["image"].split(":")[1].split(".")[0] == "7"
    assert "mailpit" in services["mailpit"]["image"]
    for name, service in services.items():
        assert "image" in service or "build" in service, name


def test_compose_orbit_services_share_one_image_built_from_the_repo_root() -> None:
    services = orbit_services()
    assert set(services) == {"migrate", "api", "worker", "inbound-mail"}
    assert len({svc["image"] for svc in services.values()}) == 1
    for name, service in services.items():
        build = service["build"]
        context = (INFRA / build["context"]).resolve()
        assert context == REPO, f"{name}: build context must be the repository root"
        assert (context / build["dockerfile"]).resolve() == DOCKERFILE, name


def test_compose_commands_and_ordering() -> None:
    services = compose_services()
    assert compose_argv(services["migrate"]) == ["orbit", "migrate"]
    assert compose_argv(services["worker"]) == ["orbit", "worker", "--metrics-host", "0.0.0.0"]
    assert compose_argv(services["inbound-mail"]) == [
        "orbit",
        "inbound-mail",
        "--host",
        "0.0.0.0",
        "--port",
        "2525",
    ]
    api_argv = compose_argv(services["api"])
    assert api_argv[:2] == ["orbit", "serve"]
    assert api_argv[api_argv.index("--host") + 1] == "0.0.0.0"
    api_port = int(api_argv[api_argv.index("--port") + 1])
    assert api_port == API_PORT
    published = [str(p).rsplit(":", 1)[-1] for p in services["api"].get("ports", [])]
    assert str(api_port) in published
    # Only this machine's reverse proxy may reach the API, the one it believes about
    # X-Forwarded-For.
    for port in services["api"]["ports"]:
        assert str(port).startswith("127.0.0.1:"), port
    assert all(
        network.is_private
        for network in trusted_proxy_networks(compose_env()["ORBIT_FORWARDED_ALLOW_IPS"])
    )

    assert services["migrate"].get("restart", "no") == "no", "a one-shot must not restart"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["redis"]["condition"] == "service_healthy", name
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name], f"{name}: service_healthy needs a healthcheck"


def test_compose_health_checks_hit_the_real_routes() -> None:
    services = compose_services()
    api_check = " ".join(services["api"]["healthcheck"]["test"])
    assert f"127.0.0.1:{API_PORT}/health/ready" in api_check
    worker_check = " ".join(services["worker"]["healthcheck"]["test"])
    metrics_port = int(compose_env()["ORBIT_WORKER_METRICS_PORT"])
    assert metrics_port == WORKER_METRICS_PORT
    assert f":{metrics_port}/metrics" in worker_check


def test_compose_worker_can_scale_out() -> None:
    worker = compose_services()["worker"]
    assert "ports" not in worker, "published ports clash under --scale worker=N"
    assert "container_name" not in worker, "a fixed container name prevents --scale"


def test_compose_env_files_exist_and_are_shared() -> None:
    for name, service in orbit_services().items():
        files = compose_env_files(service)
        assert files, f"{name}: no env_file"
        assert (ENV_EXAMPLE, True) in files, name
        for path, required in files:
            assert path.parent == INFRA, path
            if required:
                assert path.is_file(), f"{name}: missing {path}"
    for name in ("postgres", "redis", "mailpit"):
        assert "env_file" not in compose_services()[name], name


def test_env_example_covers_every_setting_coherently() -> None:
    env = compose_env()
    services = compose_services()
    # SMTP credentials are optional: documented (commented out) rather than set empty.
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    for key in ORBIT_SETTINGS:
        assert key in env or f"# {key}=" in text, f"{key} missing from orbit.env.example"
    for key, value in env.items():
        assert value != "", f"{key}= is set empty; comment it out instead"

    postgres_env = services["postgres"]["environment"]
    owner = urlsplit(env["ORBIT_DATABASE_URL"])
    assert owner.scheme == "postgresql"
    assert owner.hostname == "postgres"
    assert owner.username == postgres_env["POSTGRES_USER"]
    assert owner.password == postgres_env["POSTGRES_PASSWORD"]
    assert owner.path.lstrip("/") == postgres_env["POSTGRES_DB"]

    app = urlsplit(env["ORBIT_APP_DATABASE_URL"])
    assert app.hostname == owner.hostname and app.path == owner.path
    assert app.username != owner.username, "the app must not connect as the owner"
    assert app.password == env["ORBIT_APP_ROLE_PASSWORD"]

    redis = urlsplit(env["ORBIT_REDIS_URL"])
    assert redis.scheme == "redis" and redis.hostname == "redis"
    assert env["ORBIT_SMTP_HOST"] in services and env["ORBIT_SMTP_HOST"] == "mailpit"
    assert env["ORBIT_SMTP_PORT"] == "1025"
    assert len(env["ORBIT_JWT_SECRET"]) >= 32
    assert env["ORBIT_ENVIRONMENT"] in {"development", "production", "test"}


def test_compose_orbit_containers_run_read_only_with_tmp() -> None:
    for name, service in orbit_services().items():
        assert service.get("read_only") is True, name
        assert "/tmp" in service.get("tmpfs", []), name
        data_dir = compose_env().get("ORBIT_DATA_DIR")
        targets = {str(v).split(":")[1] for v in service.get("volumes", [])}
        assert data_dir in targets, f"{name}: ORBIT_DATA_DIR needs a writable volume"


# ---------------------------------------------------------------------------- Dockerfile


def test_dockerfile_builds_frontend_in_node_and_runs_on_python_slim() -> None:
    stages = dockerfile_stages()
    node = [s for s in stages if s["image"] == "node:20-slim"]
    assert len(node) == 1 and node[0]["alias"], "one named node:20-slim stage"
    runs = " && ".join(stage_values(node[0], "RUN"))
    assert "npm ci" in runs and "npm run build" in runs

    final = stages[-1]
    assert final["image"] == "python:3.11-slim"
    copies = [copy_parts(rest) for rest in stage_values(final, "COPY")]
    frontend_copies = [
        (sources, dest) for flags, sources, dest in copies if flags.get("from") == node[0]["alias"]
    ]
    assert frontend_copies, "the runtime stage must copy the built front end"
    (sources, dest) = frontend_copies[0]
    assert sources[0].rstrip("/").endswith("frontend/dist")
    assert dest.rstrip("/") == "/app/frontend-dist"
    assert stage_env(final)["ORBIT_FRONTEND_DIST"] == "/app/frontend-dist"


def test_dockerfile_installs_the_package_and_serves_by_default() -> None:
    stages = dockerfile_stages()
    all_runs = [run for stage in stages for run in stage_values(stage, "RUN")]
    assert any(re.search(r"pip install \.(\s|$)", run) for run in all_runs)
    # `orbit migrate` and /health/ready read the Alembic scripts from ORBIT_MIGRATIONS_DIR.
    final = stages[-1]
    copied = {
        sources[0].rstrip("/"): destination
        for rest in stage_values(final, "COPY")
        for _, sources, destination in [copy_parts(rest)]
    }
    migrations_in_image = copied.get("migrations", "").rstrip("/")
    assert migrations_in_image, copied
    env_lines = " ".join(stage_values(final, "ENV"))
    assert f"ORBIT_MIGRATIONS_DIR={migrations_in_image}" in env_lines
    (cmd,) = stage_values(final, "CMD")
    assert json.loads(cmd) == ["orbit", "serve", "--host", "0.0.0.0", "--port", str(API_PORT)]
    entrypoints = stage_values(final, "ENTRYPOINT")
    if entrypoints:
        # Exec form, so SIGTERM reaches the process; an init shim must hand over argv.
        entrypoint = json.loads(entrypoints[-1])
        assert entrypoint[-1] == "--" and "tini" in entrypoint[0], entrypoint


def test_dockerfile_runs_as_the_uid_the_manifests_expect() -> None:
    final = dockerfile_stages()[-1]
    users = stage_values(final, "USER")
    assert users, "the runtime stage must switch to a non-root user"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "numeric USER so Kubernetes runAsNonRoot can verify it"
    assert int(uid) == IMAGE_UID != 0
    instructions = [kw for kw, _ in final["instructions"]]
    last_user = len(instructions) - 1 - instructions[::-1].index("USER")
    assert "RUN" not in instructions[last_user:], "nothing should run as root after USER"


def test_dockerignore_lets_through_exactly_what_the_dockerfile_copies() -> None:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert patterns[0] == "*", "allow-list: start by excluding everything"
    allowed = [p[1:].rstrip("/") for p in patterns if p.startswith("!")]
    excluded = [p.rstrip("/") for p in patterns[1:] if not p.startswith("!")]
    assert "frontend/node_modules" in excluded
    assert "frontend/dist" in excluded
    for secret_file in (".env", "infra/orbit.env", ".venv", ".git", ".data"):
        assert not any(secret_file == a or secret_file.startswith(a + "/") for a in allowed)

    for stage in dockerfile_stages():
        for rest in stage_values(stage, "COPY"):
            flags, sources, _ = copy_parts(rest)
            if "from" in flags:
                continue
            for source in sources:
                source = source.rstrip("/")
                assert any(
                    source == a or source.startswith(a + "/") or fnmatch.fnmatch(a, source)
                    for a in allowed
                ), f"COPY {source} is filtered out by {DOCKERIGNORE.name}"
                if not any(ch in source for ch in "*?["):
                    top = source.split("/")[0]
                    # frontend/ is added by the front-end work; everything else exists now.
                    assert top == "frontend" or (REPO / top).exists(), source


# --------------------------------------------------------------------------------- docs


def test_deployment_doc_covers_every_setting_and_the_apply_order() -> None:
    text = DEPLOYMENT_DOC.read_text(encoding="utf-8")
    settings = set(ORBIT_SETTINGS) | set(find("ConfigMap", CONFIGMAP)["data"]) | set(compose_env())
    for key in sorted(settings):
        assert f"`{key}`" in text, f"{key} is not in the configuration table"
    for term in ("docker build -f infra/Dockerfile", "orbit-secrets", "orbit migrate", "Citus"):
        assert term in text, term
    for key in SECRET_KEYS_REQUIRED:
        assert key in text, key

"""Where the deploy artefacts live in the repository."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
COMPOSE_FILE = REPO / "docker-compose.yml"
COMPOSE_DEV_FILE = REPO / "docker-compose.dev.yml"
ENV_EXAMPLE = REPO / "deploy" / "env.example"
INIT_DATABASES_SCRIPT = REPO / "deploy" / "postgres" / "init-databases.sh"
K8S_DIR = REPO / "deploy" / "k8s"

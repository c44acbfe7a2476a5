from suitekit.settings import ServiceSettings, service_config


class Settings(ServiceSettings):
    model_config = service_config("CREDITS_")

    service_name: str = "credits"
    port: int = 8003

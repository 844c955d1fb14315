from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and the ``load_demo`` and ``demo_code`` commands. Installed only by the development
    and test settings (never by production ones); no product app imports it."""

    name = "demo"
    verbose_name = "Demo content"

from rest_framework.routers import SimpleRouter

from .api import ConnectedAppViewSet, McpTokenViewSet

router = SimpleRouter()
router.register("mcp-tokens", McpTokenViewSet, basename="mcp-token")
router.register("connected-apps", ConnectedAppViewSet, basename="connected-app")

urlpatterns = router.urls

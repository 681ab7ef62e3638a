from rest_framework.routers import SimpleRouter

from .api import McpTokenViewSet

router = SimpleRouter()
router.register("mcp-tokens", McpTokenViewSet, basename="mcp-token")

urlpatterns = router.urls

# syntax=docker/dockerfile:1
#
# cstobot's image: one static binary on distroless, run as nonroot (65532).
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t cstobot .
#   docker run --rm -e DISCORD_TOKEN=… -v cstobot-data:/data cstobot
#
# See docs/DEPLOY.md. No shell or package manager in the final image; the
# healthcheck is the binary itself: it asks /readyz, so the container turns
# unhealthy when the bot has lost Discord's gateway for longer than
# GATEWAY_GRACE. A configuration error exits 78.

# The same Go as go.mod's go line: an older image would download that
# toolchain, a floating tag would build with whatever it points at today.
FROM golang:1.26.8 AS build
# Build with the image's Go or fail; never download another toolchain.
ENV GOTOOLCHAIN=local
WORKDIR /src
# Modules first: they change less often than the code, so this layer and
# the module cache survive most rebuilds.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
# scripts/build-static.sh holds the release build flags, so the image and
# the tests that check the binary build it the same way.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    VERSION="$VERSION" OUT=/out/cstobot sh scripts/build-static.sh
# A named volume copies the ownership of the image's folder when first
# mounted; without a /data owned by nonroot it would be root's and the bot
# could not write its index.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.title="cstobot" \
      org.opencontainers.image.description="Discord bot that answers questions about the CSTO from a knowledge base of articles, with cited sources" \
      org.opencontainers.image.source="https://github.com/cstobot/cstobot" \
      org.opencontainers.image.documentation="https://github.com/cstobot/cstobot/blob/main/docs/DEPLOY.md" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.base.name="gcr.io/distroless/static-debian12:nonroot"
COPY --from=build /out/cstobot /cstobot
COPY --from=build --chown=65532:65532 /out/data /data
USER nonroot:nonroot
# HTTP_ADDR=:9090 listens on every interface of the container's own network
# namespace; it is reachable from outside only where the operator publishes
# the port (docker run -p 127.0.0.1:9090:9090, or compose "ports:").
# An operator's articles go in /knowledge, mounted read-only, with
# KNOWLEDGE_DIR=/knowledge set (see docker-compose.yml).
ENV DATA_DIR=/data \
    HTTP_ADDR=:9090
VOLUME /data
EXPOSE 9090
HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 \
    CMD ["/cstobot", "healthcheck"]
ENTRYPOINT ["/cstobot"]
CMD ["serve"]

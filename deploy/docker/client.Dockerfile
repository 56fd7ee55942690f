# syntax=docker/dockerfile:1.7
# The l2l console, for Jobs that start runs on a cluster. From the repository root:
#   docker build -f deploy/docker/client.Dockerfile -t REGISTRY/l2lcluster-client:TAG .
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0.401-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0.12-noble

FROM ${SDK_IMAGE} AS publish
WORKDIR /src
# gcc builds the fused LSTM cell (Learning/Native, FusedLstmCell); an image built without it keeps libtorch's cell.
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    deploy/publish.sh client --backend cpu --output /out

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=publish /out .
# The base image's non-root user (uid 1654); runs write their --out folder under its home.
USER $APP_UID
WORKDIR /home/app
# TorchSharp with unoptimized JIT code, which keeps every argument alive through its native call (README,
# "TorchSharp and the collector").
ENV DOTNET_JITMinOpts=1
ENTRYPOINT ["dotnet", "/app/l2l.dll"]

# sealcheck in a container: reports go to the mounted /reports folder.
#   docker build -t sealcheck .
#   docker run --rm -v "$PWD/reports:/reports" -v "$PWD/snap.json:/in/snap.json:ro" sealcheck scan --snapshot /in/snap.json --out /reports
# Live collection reads the usual AWS_* environment variables (pass them with -e).

FROM node:20-alpine AS build
WORKDIR /src
COPY . .
# `npm pack` runs `prepare`, which builds dist/; the tarball is exactly what a user installs.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm pack --pack-destination /pkg

FROM node:20-alpine
COPY --from=build /pkg /pkg
RUN npm install --global --omit=dev --no-audit --no-fund /pkg/sealcheck-*.tgz && rm -rf /pkg /root/.npm && mkdir -p /reports && chown node:node /reports
USER node
WORKDIR /reports
VOLUME ["/reports"]
ENTRYPOINT ["sealcheck"]
CMD ["--help"]

use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::fix::{Edit, Fix};
use crate::engine::registry::{declare_rule, Source, Tool};
use crate::yaml::edit::add_entry;

/// Ports of databases, caches, brokers and admin interfaces that should not face the
/// network: `(port, what listens there)`.
const INTERNAL_PORTS: &[(u16, &str)] = &[
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (2375, "the Docker API"),
    (2376, "the Docker API"),
    (2379, "etcd"),
    (3306, "MySQL"),
    (5432, "PostgreSQL"),
    (5672, "RabbitMQ"),
    (5984, "CouchDB"),
    (6379, "Redis"),
    (7000, "Cassandra"),
    (8086, "InfluxDB"),
    (8500, "Consul"),
    (9042, "Cassandra"),
    (9092, "Kafka"),
    (9200, "Elasticsearch"),
    (9300, "Elasticsearch"),
    (11211, "Memcached"),
    (15672, "the RabbitMQ admin"),
    (27017, "MongoDB"),
];

declare_rule! {
    /// ## What it does
    /// Flags a database, cache, broker or admin port (PostgreSQL 5432, MySQL 3306,
    /// Redis 6379, MongoDB 27017, the Docker API 2375, Elasticsearch 9200...) that a
    /// service publishes without a host address, so on every interface of the host.
    ///
    /// ## Why is this bad?
    /// `"5432:5432"` opens the database to the whole network the host is on, and
    /// Docker's rules go before the host's firewall (`ufw` does not block it). Scanners
    /// find open Redis, MongoDB and Elasticsearch ports within hours. The other services
    /// reach the database over the Compose network without any published port; a
    /// developer's tools can use `127.0.0.1`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.6
    ///     ports:
    ///       - "5432:5432"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17.6
    ///     ports:
    ///       - "127.0.0.1:5432:5432"
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix binds the port to `127.0.0.1` (a `127.0.0.1:` prefix, or
    /// `host_ip: 127.0.0.1` in the long syntax). Tools on other machines that
    /// connected to it directly can no longer reach it (which is the point); other
    /// services of the Compose file are not affected.
    pub struct PortPublishedToAll {
        code: "CP401",
        name: "port-published-to-all",
        severity: Warning,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "ports"),
        ],
        fixes: [Unsafe],
        references: [same(CIS_5_14), same(OWASP_5A)],
    }
}

impl PortPublishedToAll {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for port in service.ports() {
                let Some(target) = port.target else { continue };
                let Some((_, what)) = INTERNAL_PORTS.iter().find(|(p, _)| *p == target) else {
                    continue;
                };
                let all = port
                    .host_ip
                    .as_deref()
                    .is_none_or(|ip| matches!(ip, "0.0.0.0" | "::" | ""));
                if port.published.is_none() || !all {
                    continue;
                }
                // The short form as written: put `127.0.0.1:` in front of it; the long
                // form gets a `host_ip`.
                let edit = if port.node.is_mapping() {
                    port.host_ip
                        .is_none()
                        .then(|| add_entry(ctx.source, port.node, "host_ip", "127.0.0.1"))
                        .flatten()
                } else {
                    port.host_ip.is_none().then(|| {
                        let range = port.node.range();
                        let written = range.slice(ctx.source);
                        let offset = usize::from(written.starts_with(['"', '\'']));
                        Edit::insert(range.start() + offset, "127.0.0.1:")
                    })
                };
                let fix = edit.map(|edit| Fix::unsafe_("Publish it on 127.0.0.1 only", vec![edit]));
                out.push(
                    Diagnostic::new(&Self::META, port.node.range(), format!("Service `{}` publishes port {target} ({what}) on every interface of the host, past its firewall", service.name))
                        .with_help(format!("Publish it on `127.0.0.1` only (`\"127.0.0.1:{target}:{target}\"`), or not at all: the other services reach it over the Compose network"))
                        .with_fix_opt(fix),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::PortPublishedToAll::META)
            .pass(&[
                "services:\n  db:\n    image: postgres:17.6\n    ports:\n      - \"127.0.0.1:5432:5432\"\n",
                "services:\n  db:\n    image: postgres:17.6\n    expose: [\"5432\"]\n",
                "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\", \"443:443\"]\n",
            ])
            .fail(&[
                "services:\n  db:\n    image: postgres:17.6\n    ports:\n      - \"5432:5432\"\n",
                "services:\n  cache:\n    image: redis:8\n    ports:\n      - 6379:6379\n      - target: 6379\n        published: 16379\n",
                "services:\n  mongo:\n    image: mongo:8\n    ports: [\"0.0.0.0:27017:27017\"]\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}

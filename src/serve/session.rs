//! One SSH connection: public-key login against the register's users, then
//! per channel either an exec request (a read command, its output and exit
//! code) or a pty and shell (the screens). Everything else is refused: no
//! plain shell, no port, agent or X11 forwarding, no subsystems.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey};
use russh::{Channel, ChannelId, Pty};

use super::Shared;
use super::input::InputParser;
use super::tui::{self, ChannelOut, FRAME_QUEUE, Input};
use crate::i18n::Lang;
use crate::i18n::serve::line_too_long;
use crate::i18n::users::{LoginRefused, login_refused, needs_pty};
use crate::service::users::{Login, fingerprint};
use crate::service::{Actor, Origin};
use crate::tui::{App, Event, Keymap, KeymapChoice, Theme};

/// Longest exec command line; a longer one is refused in one line. (The
/// SSH transport itself ends a connection whose packet passes 256 KiB.)
const MAX_EXEC_LINE: usize = crate::client::wire::MAX_REQUEST;

/// A screen session's way in.
struct Screen {
    events: Sender<Event>,
    parser: InputParser,
    input: Arc<tui::Input>,
}

pub struct Connection {
    shared: Arc<Shared>,
    peer: Option<SocketAddr>,
    /// Set at login: a connection without it is closed after `AUTH_WAIT`.
    authed: Arc<AtomicBool>,
    /// Set once a key is verified.
    user: Option<String>,
    lang: Lang,
    ptys: HashMap<ChannelId, (u16, u16)>,
    screens: HashMap<ChannelId, Screen>,
}

impl Connection {
    pub fn new(shared: Arc<Shared>, peer: Option<SocketAddr>, authed: Arc<AtomicBool>) -> Connection {
        let lang = shared.lang;
        Connection { shared, peer, authed, user: None, lang, ptys: HashMap::new(), screens: HashMap::new() }
    }

    /// The logged-in user, as the service and the audit log see them.
    fn actor(&self, user: String) -> Actor {
        Actor::from(user, Origin::Ssh { addr: self.peer.map(|p| p.to_string()) })
    }

    /// Whether `name` may log in with `key`; a refusal is logged and
    /// counted once, when the key is offered.
    fn check(&self, name: &str, key: &russh::keys::PublicKey, offered: bool) -> bool {
        let ip = self.peer.map(|p| p.ip());
        let why = match ip.filter(|ip| self.shared.blocked(*ip)) {
            Some(_) => LoginRefused::TooManyFailures,
            None => match self.shared.svc.login(name, &fingerprint(key)) {
                Ok(Login::Allowed(_)) => return true,
                Ok(Login::NoUser) => LoginRefused::NoUser,
                Ok(Login::Disabled) => LoginRefused::Disabled,
                Ok(Login::WrongKey) => LoginRefused::WrongKey,
                Err(e) => LoginRefused::Store(e.message(self.shared.lang)),
            },
        };
        if offered {
            if let Some(ip) = ip {
                self.shared.failed(ip);
            }
            eprintln!("{}", login_refused(self.shared.lang, name, self.peer, &why));
        }
        false
    }

    fn quit_screen(&mut self, channel: ChannelId) {
        if let Some(s) = self.screens.remove(&channel) {
            let _ = s.events.send(Event::Quit);
        }
    }

    /// Opens the screens on `channel` for the logged-in user.
    fn start_screen(&mut self, channel: ChannelId, size: (u16, u16), session: &mut Session) -> bool {
        let Some(user) = self.user.clone() else { return false };
        let (events, rx) = std::sync::mpsc::channel();
        let (frames, mut frames_rx) = tokio::sync::mpsc::channel(FRAME_QUEUE);
        let (id, end) = self.shared.add_session(&user, events.clone());
        let (svc, lang, tx) = (self.shared.svc.clone(), self.lang, events.clone());
        let actor = self.actor(user.clone());
        let input = Arc::new(Input::new(size.0, size.1));
        let theirs = input.clone();
        let started = std::thread::Builder::new().name("dtks-session".into()).spawn(move || {
            let (keymap, _) = Keymap::load(&KeymapChoice::parse("default"), None);
            let app = App::new(lang, Theme::from_no_color(None), keymap, svc, actor);
            let _ = tui::run(app, size, ChannelOut::new(frames), theirs, &rx, tx, &end);
        });
        if started.is_err() {
            self.shared.remove_session(id);
            return false;
        }
        let (handle, shared) = (session.handle(), self.shared.clone());
        tokio::spawn(async move {
            while let Some(frame) = frames_rx.recv().await {
                if handle.data(channel, frame).await.is_err() {
                    break;
                }
            }
            // The screen thread ended: the user quit, left, or the server stops.
            shared.remove_session(id);
            let _ = handle.exit_status_request(channel, 0).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
        self.screens.insert(channel, Screen { events, parser: InputParser::default(), input });
        true
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_publickey_offered(&mut self, user: &str, offer: PublicKeyOffer<'_>) -> Result<Auth, Self::Error> {
        Ok(if self.check(user, offer.public_key, true) { Auth::Accept } else { Auth::reject() })
    }

    async fn auth_publickey(&mut self, user: &str, key: VerifiedPublicKey<'_>) -> Result<Auth, Self::Error> {
        // Checked again: the user may have been disabled since the offer.
        if self.check(user, key.public_key, false) {
            self.user = Some(user.to_string());
            self.authed.store(true, Ordering::SeqCst);
            return Ok(Auth::Accept);
        }
        Ok(Auth::reject())
    }

    async fn channel_open_session(
        &mut self,
        _channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // Input arrives through `data`; the channel object is not read.
        reply.accept().await;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        // `ssh -o SetEnv=DTKS_LANG=en`: the session's language.
        match (name, value.parse::<Lang>()) {
            ("DTKS_LANG", Ok(lang)) => {
                self.lang = lang;
                session.channel_success(channel)
            }
            _ => session.channel_failure(channel),
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        _term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.ptys.insert(channel, tui::clamp(cols, rows));
        session.channel_success(channel)
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (w, h) = tui::clamp(cols, rows);
        self.ptys.insert(channel, (w, h));
        // Of the changes a busy screen has not taken yet, the latest counts.
        if let Some(s) = self.screens.get(&channel).filter(|s| s.input.resized(w, h)) {
            let _ = s.events.send(Event::Resize(w, h));
        }
        Ok(())
    }

    async fn shell_request(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), Self::Error> {
        let Some(&size) = self.ptys.get(&channel) else {
            session.channel_success(channel)?;
            session.extended_data(channel, 1, needs_pty(self.lang).as_bytes().to_vec())?;
            session.exit_status_request(channel, 2)?;
            session.eof(channel)?;
            return session.close(channel);
        };
        if self.screens.contains_key(&channel) || !self.start_screen(channel, size, session) {
            return session.channel_failure(channel);
        }
        session.channel_success(channel)
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(user) = self.user.clone() else { return session.channel_failure(channel) };
        session.channel_success(channel)?;
        if data.len() > MAX_EXEC_LINE {
            let said = format!("{}\n", line_too_long(self.lang, data.len(), MAX_EXEC_LINE));
            session.extended_data(channel, 1, said.into_bytes())?;
            session.exit_status_request(channel, 2)?;
            session.eof(channel)?;
            return session.close(channel);
        }
        let line = String::from_utf8_lossy(data).into_owned();
        let actor = self.actor(user);
        let (svc, lang, handle) = (self.shared.svc.clone(), self.lang, session.handle());
        // Under a pty the client's terminal is raw: lines need their carriage return.
        let pty = self.ptys.contains_key(&channel);
        tokio::spawn(async move {
            // A command reads the store: off the runtime's workers.
            let ran = tokio::task::spawn_blocking(move || {
                let (mut out, mut err) = (Vec::new(), Vec::new());
                let code = crate::cli::run_remote(svc, actor, lang, &line, &mut out, &mut err);
                (out, err, code)
            })
            .await;
            let (out, err, code) = ran.unwrap_or_else(|_| (Vec::new(), Vec::new(), 2));
            let crlf =
                |b: Vec<u8>| if pty { String::from_utf8_lossy(&b).replace('\n', "\r\n").into_bytes() } else { b };
            if !out.is_empty() {
                let _ = handle.data(channel, crlf(out)).await;
            }
            if !err.is_empty() {
                let _ = handle.extended_data(channel, 1, crlf(err)).await;
            }
            let _ = handle.exit_status_request(channel, u32::from(code)).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)
    }

    async fn data(&mut self, channel: ChannelId, data: &[u8], _session: &mut Session) -> Result<(), Self::Error> {
        if let Some(s) = self.screens.get_mut(&channel) {
            let mut keys = Vec::new();
            s.parser.feed(data, &mut keys);
            // A screen that far behind its client loses the keys beyond.
            for k in keys {
                if !s.input.admit_key() {
                    break;
                }
                if s.events.send(Event::Key(k)).is_err() {
                    s.input.forget_key();
                    break;
                }
            }
        }
        Ok(())
    }

    async fn channel_eof(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.quit_screen(channel);
        Ok(())
    }

    async fn channel_close(&mut self, channel: ChannelId, _session: &mut Session) -> Result<(), Self::Error> {
        self.quit_screen(channel);
        self.ptys.remove(&channel);
        Ok(())
    }
}

impl Drop for Connection {
    /// A dropped link ends its screens: their drafts are already saved.
    fn drop(&mut self) {
        for (_, s) in self.screens.drain() {
            let _ = s.events.send(Event::Quit);
        }
    }
}

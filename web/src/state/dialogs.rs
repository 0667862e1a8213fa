//! The dialogs over the player: the help and its tabs, the scenario editor and "Mine" (saved
//! scenarios). Opening the editor or Mine pauses playback; Close (Escape, ×) closes all three.

use super::{Action, HelpTab, Player};
use std::rc::Rc;

impl Player {
    /// OpenEditor, ToggleHelp, OpenHelp, Close or OpenMine.
    pub(super) fn dialog(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::OpenEditor => Rc::new(Player {
                editor: true,
                help: false,
                playing: false,
                ..(*self).clone()
            }),
            // `?` opens the help at the keyboard shortcuts.
            Action::ToggleHelp => Rc::new(Player {
                help: !self.help,
                help_tab: if self.help {
                    self.help_tab
                } else {
                    HelpTab::Keyboard
                },
                ..(*self).clone()
            }),
            Action::OpenHelp(tab) => {
                if self.help && self.help_tab == tab {
                    return self;
                }
                Rc::new(Player {
                    help: true,
                    help_tab: tab,
                    editor: false,
                    mine: false,
                    ..(*self).clone()
                })
            }
            Action::Close => {
                if !self.help && !self.editor && !self.mine {
                    return self;
                }
                Rc::new(Player {
                    help: false,
                    editor: false,
                    mine: false,
                    ..(*self).clone()
                })
            }
            Action::OpenMine => Rc::new(Player {
                mine: true,
                help: false,
                editor: false,
                playing: false,
                ..(*self).clone()
            }),
            _ => self,
        }
    }
}
